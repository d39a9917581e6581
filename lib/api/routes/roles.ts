import { Hono } from "hono";
import { z } from "zod";
import { createRole, deleteRole, getRole, listRoles, updateRole } from "../../roles";
import type { ApiEnv } from "../context";
import { applyRestrictedPatch, parsePatchBody, patchComment } from "../json-patch";
import { roleRepresentation } from "../representations";
import { parseWith, readJson } from "../request";

const createBody = z.object({
  key: z.string().max(1000),
  name: z.string().max(10_000),
  description: z.string().max(100_000).optional(),
  policy: z.unknown(),
});
const keyParam = z.string().min(1).max(128);

export const roleRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => {
    const items = (await listRoles(c.get("actor"))).map(roleRepresentation);
    return c.json({ items, totalCount: items.length, _links: { self: { href: "/api/v2/roles", type: "application/json" } } });
  })
  .post("/", async (c) => {
    const body = parseWith(createBody, await readJson(c));
    return c.json(roleRepresentation(await createRole(c.get("actor"), body)), 201);
  })
  .get("/:key", async (c) => c.json(roleRepresentation(await getRole(c.get("actor"), parseWith(keyParam, c.req.param("key"))))))
  .patch("/:key", async (c) => {
    const actor = c.get("actor");
    const key = parseWith(keyParam, c.req.param("key"));
    const body = await readJson(c);
    const operations = parsePatchBody(body);
    const current = await getRole(actor, key);
    const before = { name: current.name, description: current.description, policy: current.policy };
    const after = applyRestrictedPatch(before, operations, { roots: ["/name", "/description", "/policy"] });
    const changes: { name?: string; description?: string; policy?: unknown } = {};
    if (after.name !== before.name) changes.name = after.name;
    if (after.description !== before.description) changes.description = after.description;
    if (JSON.stringify(after.policy) !== JSON.stringify(before.policy)) changes.policy = after.policy;
    const comment = patchComment(body);
    return c.json(roleRepresentation(Object.keys(changes).length ? await updateRole(actor, key, { ...changes, comment }) : current));
  })
  .delete("/:key", async (c) => {
    await deleteRole(c.get("actor"), parseWith(keyParam, c.req.param("key")));
    return c.body(null, 204);
  });
