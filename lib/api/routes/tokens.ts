import { Hono } from "hono";
import { z } from "zod";
import { MAX_PAGE_SIZE } from "../../paging";
import {
  cloneAccessToken,
  createAccessToken,
  deleteAccessToken,
  getVisibleToken,
  listVisibleTokens,
  resetAccessToken,
  updateAccessToken,
  isApiVersion,
  type ApiVersion,
  type TokenPermissionInput,
  type TokenView,
  type UpdateTokenInput,
} from "../../tokens";
import { cachedJson } from "../answer-cache";
import { servesVersion } from "../api-version";
import type { ApiContext, ApiEnv } from "../context";
import { ApiError } from "../errors";
import { applyRestrictedPatch, parsePatchBody, patchBodySchema, patchComment } from "../json-patch";
import { documented } from "../openapi/operation";
import { tokenListSchema, tokenSchema } from "../openapi/schemas";
import { pageLinks, pageQuery } from "../pagination";
import { selfLink } from "../paths";
import { tokenRepresentation } from "../representations";
import { readJson, parseWith } from "../request";

const listQuery = pageQuery(25).extend({
  showAll: z.enum(["true", "false", "1", "0", ""]).optional().transform((v) => v === "true" || v === "1" || v === ""),
  // Keyset paging (not in LaunchDarkly's API, which pages by offset): the cursor `_links.next`
  // carries. The domain checks it; anything it did not write is refused.
  after: z.string().optional(),
});

// Bounded by the body limit only: the domain bounds and validates an inline policy once it has
// checked that the caller may create the token at all.
const policyInput = z.array(z.unknown());
// Every field optional, as in LaunchDarkly's body: no name gets a generated one (lib/tokens), no
// permission the reader role.
const createBody = z.object({
  name: z.string().max(10_000).optional(),
  description: z.string().max(100_000).optional(),
  role: z.string().max(64).optional(),
  customRoleIds: z.array(z.string().max(64)).max(100).optional(),
  inlineRole: policyInput.optional(),
  serviceToken: z.boolean().optional(),
  defaultApiVersion: z.number().int().optional(),
  // Not in LaunchDarkly's body: Tollgate tokens may expire (milliseconds since the epoch, as the
  // representation shows it; null or absent: never). A token that expires must set one, no later
  // than its own, for whatever it creates.
  expiresAt: z.number().int().min(0).max(8_640_000_000_000_000).nullable().optional(),
});

function apiVersionOf(value: unknown): ApiVersion {
  if (!isApiVersion(value)) throw new ApiError("invalid_request", "defaultApiVersion must be one of 20240415, 20220603, 20210729, 20191212");
  return value;
}

/** Exactly one of role, customRoleIds, inlineRole (LaunchDarkly defaults to the reader role). */
function permissionOf(body: { role?: string; customRoleIds?: string[]; inlineRole?: unknown[] }): TokenPermissionInput {
  const given = [body.role !== undefined, (body.customRoleIds?.length ?? 0) > 0, (body.inlineRole?.length ?? 0) > 0].filter(Boolean).length;
  if (given > 1) throw new ApiError("invalid_request", "Give only one of role, customRoleIds or inlineRole");
  if (body.customRoleIds?.length) return { kind: "customRoles", customRoleIds: body.customRoleIds };
  if (body.inlineRole?.length) return { kind: "inline", policy: body.inlineRole };
  return { kind: "role", role: body.role ?? "reader" };
}

/** The fields a PATCH may touch, as the client sees them. */
function patchable(view: TokenView) {
  const rep = tokenRepresentation(view);
  return { name: rep.name, description: rep.description, role: rep.role ?? null, customRoleIds: rep.customRoleIds, inlineRole: rep.inlineRole, defaultApiVersion: rep.defaultApiVersion };
}

function updateFromPatch(before: ReturnType<typeof patchable>, after: Record<string, unknown>): UpdateTokenInput {
  const input: UpdateTokenInput = {};
  if (after.name !== before.name) input.name = String(after.name ?? "");
  if (after.description !== before.description) input.description = typeof after.description === "string" ? after.description : "";
  if (after.defaultApiVersion !== before.defaultApiVersion) input.defaultApiVersion = apiVersionOf(after.defaultApiVersion);
  const same = (k: "role" | "customRoleIds" | "inlineRole") => JSON.stringify(after[k] ?? null) === JSON.stringify(before[k] ?? null);
  if (!same("customRoleIds") && Array.isArray(after.customRoleIds) && after.customRoleIds.length > 0) {
    if (!after.customRoleIds.every((id) => typeof id === "string")) throw new ApiError("invalid_request", "customRoleIds must be strings");
    input.permission = { kind: "customRoles", customRoleIds: after.customRoleIds as string[] };
  } else if (!same("inlineRole") && Array.isArray(after.inlineRole) && after.inlineRole.length > 0) {
    input.permission = { kind: "inline", policy: after.inlineRole };
  } else if (!same("role") || !same("customRoleIds") || !same("inlineRole")) {
    input.permission = { kind: "role", role: after.role };
  }
  return input;
}

const PATCH_ROOTS = ["/name", "/description", "/role", "/customRoleIds", "/inlineRole", "/defaultApiVersion"] as const;
const resetQuery = z.object({ expiry: z.coerce.number().int().min(0).max(8_640_000_000_000_000).optional() });
const idParam = z.string().min(1).max(64);
const cloneBody = z.object({ name: z.string().max(10_000).optional() });
const doc = (op: Parameters<typeof documented>[1]) => documented("Access tokens", op);

/**
 * Before API version 20240415 LaunchDarkly answered the token list unpaginated: every token, no
 * `limit` or `offset`. Answered so for callers in those versions, read a page at a time up to
 * `UNPAGINATED_MAX_PAGES` pages (`totalCount` still tells the whole count).
 */
const PAGINATED_SINCE = 20240415;
const UNPAGINATED_PAGE = MAX_PAGE_SIZE;
const UNPAGINATED_MAX_PAGES = 10;

async function unpaginatedList(c: ApiContext) {
  const { showAll } = parseWith(listQuery.pick({ showAll: true }), c.req.query());
  const items: TokenView[] = [];
  let totalCount = 0;
  for (let page = 0; page < UNPAGINATED_MAX_PAGES && (page === 0 || items.length < totalCount); page++) {
    const read = await listVisibleTokens(c.get("actor"), { showAll, limit: UNPAGINATED_PAGE, offset: page * UNPAGINATED_PAGE });
    items.push(...read.items);
    totalCount = read.totalCount;
    if (read.items.length < UNPAGINATED_PAGE) break;
  }
  return { items: items.map((t) => tokenRepresentation(t)), totalCount, _links: selfLink("/tokens") };
}

export const tokenRoutes = new Hono<ApiEnv>()
  .get("/", doc({ operationId: "getTokens", summary: "List access tokens", description: "Before LD-API-Version 20240415 the list is answered whole, without `limit` or `offset`, as LaunchDarkly did.", query: listQuery, ok: { status: 200, schema: tokenListSchema, description: "A page of tokens" } }), async (c) => {
    if (!servesVersion(c, PAGINATED_SINCE)) return c.json(await unpaginatedList(c));
    const q = parseWith(listQuery, c.req.query());
    const actor = c.get("actor");
    // What the page depends on besides the account's tokens, members and roles: who asks (their
    // token decides what they may see) and the parameters.
    const key = ["tokens", actor.token.id, q.showAll, q.limit, q.offset, q.after ?? ""].join("\n");
    const body = await cachedJson(actor.accountId, key, async () => {
      const { items, totalCount, nextCursor } = await listVisibleTokens(actor, { showAll: q.showAll, limit: q.limit, offset: q.offset, after: q.after });
      return {
        items: items.map((t) => tokenRepresentation(t)),
        totalCount,
        _links: pageLinks("/tokens", { showAll: q.showAll || undefined }, { ...q, after: q.after ?? null, totalCount, nextCursor }),
      };
    });
    return c.body(body, 200, { "content-type": "application/json" });
  })
  .post("/", doc({ operationId: "postToken", summary: "Create an access token", body: createBody, ok: { status: 201, schema: tokenSchema, description: "The token, with its whole secret in `token`" }, errors: [409] }), async (c) => {
    const body = parseWith(createBody, await readJson(c));
    const { token, secret } = await createAccessToken(c.get("actor"), {
      ...(body.name !== undefined ? { name: body.name } : {}),
      description: body.description ?? "",
      permission: permissionOf(body),
      serviceToken: body.serviceToken ?? false,
      ...(body.defaultApiVersion !== undefined ? { defaultApiVersion: apiVersionOf(body.defaultApiVersion) } : {}),
      ...(body.expiresAt != null ? { expiresAt: new Date(body.expiresAt) } : {}),
    });
    return c.json(tokenRepresentation(token, secret), 201);
  })
  .get("/:id", doc({ operationId: "getToken", summary: "Get an access token", ok: { status: 200, schema: tokenSchema, description: "The token" }, errors: [404] }), async (c) => {
    const token = await getVisibleToken(c.get("actor"), parseWith(idParam, c.req.param("id")));
    return c.json(tokenRepresentation(token));
  })
  .patch("/:id", doc({ operationId: "patchToken", summary: "Update an access token (JSON Patch)", body: patchBodySchema, ok: { status: 200, schema: tokenSchema, description: "The token" }, errors: [404, 409, 422] }), async (c) => {
    const actor = c.get("actor");
    const id = parseWith(idParam, c.req.param("id"));
    const body = await readJson(c);
    const operations = parsePatchBody(body);
    const before = patchable(await getVisibleToken(actor, id));
    const after = applyRestrictedPatch(before, operations, { roots: PATCH_ROOTS });
    const input = updateFromPatch(before, after as Record<string, unknown>);
    const token = Object.keys(input).length ? await updateAccessToken(actor, id, { ...input, comment: patchComment(body) }) : await getVisibleToken(actor, id);
    return c.json(tokenRepresentation(token));
  })
  .delete("/:id", doc({ operationId: "deleteToken", summary: "Delete an access token", ok: { status: 204, description: "Deleted" }, errors: [404, 409] }), async (c) => {
    await deleteAccessToken(c.get("actor"), parseWith(idParam, c.req.param("id")));
    return c.body(null, 204);
  })
  .post("/:id/reset", doc({ operationId: "resetToken", summary: "Reset an access token's secret", query: resetQuery, ok: { status: 200, schema: tokenSchema, description: "The token, with its new secret in `token`" }, errors: [404, 409] }), async (c) => {
    const { expiry } = parseWith(resetQuery, c.req.query());
    const oldSecretExpiresAt = expiry !== undefined && expiry > Date.now() ? new Date(expiry) : null;
    const { token, secret } = await resetAccessToken(c.get("actor"), parseWith(idParam, c.req.param("id")), { oldSecretExpiresAt });
    return c.json(tokenRepresentation(token, secret));
  })
  .post("/:id/clone", doc({ operationId: "cloneToken", summary: "Clone an access token (Tollgate's own)", body: cloneBody, bodyRequired: false, ok: { status: 201, schema: tokenSchema, description: "The new token, with its whole secret in `token`" }, errors: [404, 409] }), async (c) => {
    const body = parseWith(cloneBody.default({}), await readJson(c, { optional: true }));
    const { token, secret } = await cloneAccessToken(c.get("actor"), parseWith(idParam, c.req.param("id")), body.name ? { name: body.name } : {});
    return c.json(tokenRepresentation(token, secret), 201);
  });
