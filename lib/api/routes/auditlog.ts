import { Hono } from "hono";
import { z } from "zod";
import { HISTORY_TARGET_KINDS, listHistory, type HistoryQuery } from "../../audit";
import { NotFound } from "../../errors";
import type { ApiEnv } from "../context";
import { documented } from "../openapi/operation";
import { auditEntryListSchema, auditEntrySchema, statementSchema } from "../openapi/schemas";
import { pageLinks } from "../pagination";
import { API_BASE } from "../paths";
import { auditEntryRepresentation } from "../representations";
import { parseWith, readJson } from "../request";

/** LaunchDarkly's bounds: 1 to 20 entries a page, 10 unless asked. Out of range is refused. */
export const AUDITLOG_MAX_LIMIT = 20;
export const AUDITLOG_DEFAULT_LIMIT = 10;

const epochMs = z.coerce.number().int().min(0).max(8_640_000_000_000_000);

// LaunchDarkly's parameters: `before` / `after` (epoch ms, exclusive), `q`, `limit`, `spec`.
// The rest (`offset`, `targetKind`, `targetId`, `action`, `memberId`) are Tollgate's.
const listQuery = z.object({
  before: epochMs.optional(),
  after: epochMs.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, `limit must be between 1 and ${AUDITLOG_MAX_LIMIT}`)
    .max(AUDITLOG_MAX_LIMIT, `limit must be between 1 and ${AUDITLOG_MAX_LIMIT}`)
    .default(AUDITLOG_DEFAULT_LIMIT),
  offset: z.coerce.number().default(0),
  spec: z.string().min(1).max(256).optional(),
  targetKind: z.enum(HISTORY_TARGET_KINDS).optional(),
  targetId: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).optional(),
  memberId: z.string().min(1).max(64).optional(),
});

type ListQuery = z.output<typeof listQuery>;

function historyQueryOf(q: ListQuery): HistoryQuery {
  return {
    limit: q.limit,
    offset: q.offset,
    datePaging: true,
    ...(q.before !== undefined ? { before: new Date(q.before) } : {}),
    ...(q.after !== undefined ? { after: new Date(q.after) } : {}),
    ...(q.q ? { search: q.q } : {}),
    ...(q.spec ? { spec: q.spec } : {}),
    ...(q.targetKind ? { targetKind: q.targetKind } : {}),
    ...(q.targetId ? { targetId: q.targetId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.memberId ? { actorMemberId: q.memberId } : {}),
  };
}

/**
 * A page and its links. A page holds more than `limit` entries when several share its last
 * millisecond (see `datePaging`), so `next` continues after what this page actually holds.
 */
function listing(q: ListQuery, page: Awaited<ReturnType<typeof listHistory>>) {
  const { limit, offset, ...filters } = q;
  const _links = pageLinks("/auditlog", filters, { limit, offset, totalCount: page.totalCount });
  const last = page.items.at(-1);
  const shown = offset + page.items.length;
  if (last && shown < page.totalCount) {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, limit, offset: shown })) if (value !== undefined) next.set(key, String(value));
    _links.next = { href: `${API_BASE}/auditlog?${next}`, type: "application/json" };
  }
  return { items: page.items.map(auditEntryRepresentation), totalCount: page.totalCount, _links };
}

/** The body of a search: LaunchDarkly's StatementPost list (checked by the audit domain). */
const searchPolicy = z.array(statementSchema);
const doc = (op: Parameters<typeof documented>[1]) => documented("Audit log", op);

export const auditlogRoutes = new Hono<ApiEnv>()
  .get("/", doc({ operationId: "getAuditLogEntries", summary: "List audit log entries", query: listQuery, ok: { status: 200, schema: auditEntryListSchema, description: "A page of entries, newest first" } }), async (c) => {
    const q = parseWith(listQuery, c.req.query());
    return c.json(listing(q, await listHistory(c.get("actor"), historyQueryOf(q))));
  })
  // LaunchDarkly's search: the same parameters, and a policy (`StatementPost[]`) in the body that
  // must allow one of an entry's accesses.
  .post(
    "/",
    doc({
      operationId: "postAuditLogEntries",
      summary: "Search audit log entries by a policy",
      description: "The same parameters as the list; the body's statements must allow one of an entry's accesses.",
      query: listQuery,
      body: searchPolicy,
      bodyRequired: false,
      ok: { status: 200, schema: auditEntryListSchema, description: "A page of entries, newest first" },
    }),
    async (c) => {
      const q = parseWith(listQuery, c.req.query());
      const policy = await readJson(c, { optional: true });
      return c.json(listing(q, await listHistory(c.get("actor"), { ...historyQueryOf(q), ...(policy === undefined ? {} : { policy }) })));
    },
  )
  .get("/:id", doc({ operationId: "getAuditLogEntry", summary: "Get an audit log entry", ok: { status: 200, schema: auditEntrySchema, description: "The entry" }, errors: [404] }), async (c) => {
    const id = c.req.param("id");
    // An entry the caller may not see is no different from one that does not exist.
    const { items } = id.length <= 64 ? await listHistory(c.get("actor"), { id, limit: 1 }) : { items: [] };
    const entry = items[0];
    if (!entry) throw new NotFound("No such audit log entry");
    return c.json(auditEntryRepresentation(entry));
  });
