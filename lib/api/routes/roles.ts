import { Hono } from "hono";
import { z } from "zod";
import { createRole, DEFAULT_ROLE_PAGE_SIZE, deleteRole, getRole, listRolePage, updateRole, type UpdateRoleInput } from "../../roles";
import type { ApiEnv } from "../context";
import { ApiError } from "../errors";
import { documented } from "../openapi/operation";
import { roleListSchema, roleSchema } from "../openapi/schemas";
import { pageLinks, pageQuery } from "../pagination";
import { applyUpdateBody, updateBodySchema } from "../patch-forms";
import { roleRepresentation } from "../representations";
import { parseWith, readJson } from "../request";

const createBody = z.object({
  key: z.string().max(1000),
  name: z.string().max(10_000),
  description: z.string().max(100_000).optional(),
  policy: z.unknown(),
  basePermissions: z.string().max(100).optional(),
  // LaunchDarkly's preset-role category: Tollgate has no preset roles (docs/ld-compatibility.md).
  resourceCategory: z.string().max(100).optional(),
});
/** A role's key or its id. */
const keyParam = z.string().min(1).max(128);
const PATCHABLE = ["/name", "/description", "/policy", "/basePermissions"] as const;
const listQuery = pageQuery(DEFAULT_ROLE_PAGE_SIZE);
const doc = (op: Parameters<typeof documented>[1]) => documented("Custom roles", op);

export const roleRoutes = new Hono<ApiEnv>()
  .get("/", doc({ operationId: "getCustomRoles", summary: "List custom roles", query: listQuery, ok: { status: 200, schema: roleListSchema, description: "A page of custom roles" } }), async (c) => {
    const q = parseWith(listQuery, c.req.query());
    const { items, totalCount } = await listRolePage(c.get("actor"), q);
    return c.json({ items: items.map(roleRepresentation), totalCount, _links: pageLinks("/roles", {}, { ...q, totalCount }) });
  })
  .post("/", doc({ operationId: "postCustomRole", summary: "Create a custom role", body: createBody, ok: { status: 201, schema: roleSchema, description: "The role" }, errors: [409] }), async (c) => {
    const { key, name, description, policy, basePermissions } = parseWith(createBody, await readJson(c));
    return c.json(roleRepresentation(await createRole(c.get("actor"), { key, name, description, policy, basePermissions })), 201);
  })
  .get("/:key", doc({ operationId: "getCustomRole", summary: "Get a custom role by key or id", ok: { status: 200, schema: roleSchema, description: "The role" }, errors: [404] }), async (c) => c.json(roleRepresentation(await getRole(c.get("actor"), parseWith(keyParam, c.req.param("key"))))))
  .patch("/:key", doc({ operationId: "patchCustomRole", summary: "Update a custom role (JSON Patch or JSON Merge Patch)", body: updateBodySchema, ok: { status: 200, schema: roleSchema, description: "The role" }, errors: [404, 409, 422] }), async (c) => {
    const actor = c.get("actor");
    const keyOrId = parseWith(keyParam, c.req.param("key"));
    const body = await readJson(c);
    const current = await getRole(actor, keyOrId);
    const before = { name: current.name, description: current.description, policy: current.policy, basePermissions: current.basePermissions };
    const { after, comment } = applyUpdateBody(before, body, PATCHABLE);
    for (const field of ["name", "policy", "basePermissions"] as const) {
      if (after[field] === undefined) throw new ApiError("patch_failed", `${field} cannot be removed`);
    }
    if (after.description === undefined) after.description = "";
    const changes: UpdateRoleInput = {};
    if (after.name !== before.name) changes.name = after.name;
    if (after.description !== before.description) changes.description = after.description;
    if (JSON.stringify(after.policy) !== JSON.stringify(before.policy)) changes.policy = after.policy;
    if (after.basePermissions !== before.basePermissions) changes.basePermissions = after.basePermissions;
    if (Object.keys(changes).length === 0) return c.json(roleRepresentation(current));
    if (comment !== undefined) changes.comment = comment;
    return c.json(roleRepresentation(await updateRole(actor, current.id, changes)));
  })
  .delete("/:key", doc({ operationId: "deleteCustomRole", summary: "Delete a custom role", ok: { status: 204, description: "Deleted" }, errors: [404, 409] }), async (c) => {
    await deleteRole(c.get("actor"), parseWith(keyParam, c.req.param("key")));
    return c.body(null, 204);
  });
