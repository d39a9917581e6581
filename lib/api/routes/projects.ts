import { Hono } from "hono";
import { z } from "zod";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "../../projects";
import type { ApiEnv } from "../context";
import { applyRestrictedPatch, parsePatchBody, patchComment } from "../json-patch";
import { pageLinks, pageQuery } from "../pagination";
import { projectRepresentation } from "../representations";
import { parseWith, readJson } from "../request";

const createBody = z.object({ key: z.string().max(1000), name: z.string().max(10_000), tags: z.array(z.string().max(1000)).max(1000).optional() });
const keyParam = z.string().min(1).max(128);

export const projectRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => {
    const q = parseWith(pageQuery(20), c.req.query());
    const { items, totalCount } = await listProjects(c.get("actor"), q);
    return c.json({ items: items.map(projectRepresentation), totalCount, _links: pageLinks("/projects", {}, { ...q, totalCount }) });
  })
  .post("/", async (c) => {
    const body = parseWith(createBody, await readJson(c));
    return c.json(projectRepresentation(await createProject(c.get("actor"), body)), 201);
  })
  .get("/:key", async (c) => c.json(projectRepresentation(await getProject(c.get("actor"), parseWith(keyParam, c.req.param("key"))))))
  .patch("/:key", async (c) => {
    const actor = c.get("actor");
    const key = parseWith(keyParam, c.req.param("key"));
    const body = await readJson(c);
    const operations = parsePatchBody(body);
    const current = await getProject(actor, key);
    const before = { name: current.name, tags: current.tags };
    const after = applyRestrictedPatch(before, operations, { roots: ["/name", "/tags"] });
    const changes: { name?: string; tags?: string[] } = {};
    if (after.name !== before.name) changes.name = after.name;
    if (JSON.stringify(after.tags) !== JSON.stringify(before.tags)) changes.tags = after.tags;
    return c.json(projectRepresentation(Object.keys(changes).length ? await updateProject(actor, key, { ...changes, comment: patchComment(body) }) : current));
  })
  .delete("/:key", async (c) => {
    await deleteProject(c.get("actor"), parseWith(keyParam, c.req.param("key")));
    return c.body(null, 204);
  });
