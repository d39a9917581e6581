import { Hono } from "hono";
import { z } from "zod";
import { createRole, deleteRole, getRole, listRoles, updateRole } from "../../roles";
import type { ApiEnv } from "../context";
import { applyRestrictedPatch, parsePatchBody, patchBodySchema } from "../json-patch";
import { documented } from "../openapi/operation";
import { roleListSchema, roleSchema } from "../openapi/schemas";
import { roleRepresentation } from "../representations";
import { parseWith, readJson } from "../request";

const createBody = z.object({
  key: z.string().max(1000),
  name: z.string().max(10_000),
  description: z.string().max(100_000).optional(),
  policy: z.unknown(),
});
const keyParam = z.string().min(1).max(128);
const doc = (op: Parameters<typeof documented>[1]) => documented("Custom roles", op);

export const roleRoutes = new Hono<ApiEnv>()
  .get("/", doc({ operationId: "getCustomRoles", summary: "List custom roles", ok: { status: 200, schema: roleListSchema, description: "Every custom role" } }), async (c) => {
    const items = (await listRoles(c.get("actor"))).map(roleRepresentation);
    return c.json({ items, totalCount: items.length, _links: { self: { href: "/api/v2/roles", type: "application/json" } } });
  })
  .post("/", doc({ operationId: "postCustomRole", summary: "Create a custom role", body: createBody, ok: { status: 201, schema: roleSchema, description: "The role" }, errors: [409] }), async (c) => {
    const body = parseWith(createBody, await readJson(c));
    return c.json(roleRepresentation(await createRole(c.get("actor"), body)), 201);
  })
  .get("/:key", doc({ operationId: "getCustomRole", summary: "Get a custom role", ok: { status: 200, schema: roleSchema, description: "The role" }, errors: [404] }), async (c) => c.json(roleRepresentation(await getRole(c.get("actor"), parseWith(keyParam, c.req.param("key"))))))
  .patch("/:key", doc({ operationId: "patchCustomRole", summary: "Update a custom role (JSON Patch)", body: patchBodySchema, ok: { status: 200, schema: roleSchema, description: "The role" }, errors: [404, 409, 422] }), async (c) => {
    const actor = c.get("actor");
    const key = parseWith(keyParam, c.req.param("key"));
    const operations = parsePatchBody(await readJson(c));
    const current = await getRole(actor, key);
    const before = { name: current.name, description: current.description, policy: current.policy };
    const after = applyRestrictedPatch(before, operations, { roots: ["/name", "/description", "/policy"] });
    const changes: { name?: string; description?: string; policy?: unknown } = {};
    if (after.name !== before.name) changes.name = after.name;
    if (after.description !== before.description) changes.description = after.description;
    if (JSON.stringify(after.policy) !== JSON.stringify(before.policy)) changes.policy = after.policy;
    return c.json(roleRepresentation(Object.keys(changes).length ? await updateRole(actor, key, changes) : current));
  })
  .delete("/:key", doc({ operationId: "deleteCustomRole", summary: "Delete a custom role", ok: { status: 204, description: "Deleted" }, errors: [404, 409] }), async (c) => {
    await deleteRole(c.get("actor"), parseWith(keyParam, c.req.param("key")));
    return c.body(null, 204);
  });
