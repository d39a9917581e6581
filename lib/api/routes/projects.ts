import { Hono } from "hono";
import { z } from "zod";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "../../projects";
import type { ApiEnv } from "../context";
import { applyRestrictedPatch, parsePatchBody, patchBodySchema } from "../json-patch";
import { documented } from "../openapi/operation";
import { projectListSchema, projectSchema } from "../openapi/schemas";
import { pageLinks, pageQuery } from "../pagination";
import { projectRepresentation } from "../representations";
import { parseWith, readJson } from "../request";

const createBody = z.object({ key: z.string().max(1000), name: z.string().max(10_000), tags: z.array(z.string().max(1000)).max(1000).optional() });
const keyParam = z.string().min(1).max(128);
const listQuery = pageQuery(20);
const doc = (op: Parameters<typeof documented>[1]) => documented("Projects", op);

export const projectRoutes = new Hono<ApiEnv>()
  .get("/", doc({ operationId: "getProjects", summary: "List projects", query: listQuery, ok: { status: 200, schema: projectListSchema, description: "A page of projects" } }), async (c) => {
    const q = parseWith(listQuery, c.req.query());
    const { items, totalCount } = await listProjects(c.get("actor"), q);
    return c.json({ items: items.map(projectRepresentation), totalCount, _links: pageLinks("/projects", {}, { ...q, totalCount }) });
  })
  .post("/", doc({ operationId: "postProject", summary: "Create a project", body: createBody, ok: { status: 201, schema: projectSchema, description: "The project" }, errors: [409] }), async (c) => {
    const body = parseWith(createBody, await readJson(c));
    return c.json(projectRepresentation(await createProject(c.get("actor"), body)), 201);
  })
  .get("/:key", doc({ operationId: "getProject", summary: "Get a project", ok: { status: 200, schema: projectSchema, description: "The project" }, errors: [404] }), async (c) => c.json(projectRepresentation(await getProject(c.get("actor"), parseWith(keyParam, c.req.param("key"))))))
  .patch("/:key", doc({ operationId: "patchProject", summary: "Update a project (JSON Patch)", body: patchBodySchema, ok: { status: 200, schema: projectSchema, description: "The project" }, errors: [404, 409, 422] }), async (c) => {
    const actor = c.get("actor");
    const key = parseWith(keyParam, c.req.param("key"));
    const operations = parsePatchBody(await readJson(c));
    const current = await getProject(actor, key);
    const before = { name: current.name, tags: current.tags };
    const after = applyRestrictedPatch(before, operations, { roots: ["/name", "/tags"] });
    const changes: { name?: string; tags?: string[] } = {};
    if (after.name !== before.name) changes.name = after.name;
    if (JSON.stringify(after.tags) !== JSON.stringify(before.tags)) changes.tags = after.tags;
    return c.json(projectRepresentation(Object.keys(changes).length ? await updateProject(actor, key, changes) : current));
  })
  .delete("/:key", doc({ operationId: "deleteProject", summary: "Delete a project", ok: { status: 204, description: "Deleted" }, errors: [404, 409] }), async (c) => {
    await deleteProject(c.get("actor"), parseWith(keyParam, c.req.param("key")));
    return c.body(null, 204);
  });
