import { Hono } from "hono";
import { z } from "zod";
import { HISTORY_TARGET_KINDS, listHistory } from "../../audit";
import type { ApiEnv } from "../context";
import { documented } from "../openapi/operation";
import { auditEntryListSchema } from "../openapi/schemas";
import { pageLinks, pageQuery } from "../pagination";
import { auditEntryRepresentation } from "../representations";
import { parseWith } from "../request";

// LaunchDarkly filters its audit log with `before` / `after` (epoch ms); the rest are Tollgate's.
const listQuery = pageQuery(25).extend({
  before: z.coerce.number().int().min(0).max(8_640_000_000_000_000).optional(),
  after: z.coerce.number().int().min(0).max(8_640_000_000_000_000).optional(),
  targetKind: z.enum(HISTORY_TARGET_KINDS).optional(),
  targetId: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).optional(),
  memberId: z.string().min(1).max(64).optional(),
});

const doc = documented("Audit log", { operationId: "getAuditLogEntries", summary: "List audit log entries", query: listQuery, ok: { status: 200, schema: auditEntryListSchema, description: "A page of entries, newest first" } });

export const auditlogRoutes = new Hono<ApiEnv>().get("/", doc, async (c) => {
  const q = parseWith(listQuery, c.req.query());
  const { items, totalCount } = await listHistory(c.get("actor"), {
    limit: q.limit,
    offset: q.offset,
    ...(q.after !== undefined ? { from: new Date(q.after) } : {}),
    ...(q.before !== undefined ? { to: new Date(q.before) } : {}),
    ...(q.targetKind ? { targetKind: q.targetKind } : {}),
    ...(q.targetId ? { targetId: q.targetId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.memberId ? { actorMemberId: q.memberId } : {}),
  });
  const { limit, offset, ...filters } = q;
  return c.json({ items: items.map(auditEntryRepresentation), totalCount, _links: pageLinks("/auditlog", filters, { limit, offset, totalCount }) });
});
