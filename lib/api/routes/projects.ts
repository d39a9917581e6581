import { Hono } from "hono";
import { z } from "zod";
import {
  createProject,
  DEFAULT_PROJECT_LIST_LIMIT,
  flagDefaultsInput,
  deleteProject,
  getFlagDefaults,
  getProject,
  getProjectWithEnvironments,
  listProjects,
  setFlagDefaults,
  updateProject,
  type ClientSideAvailability,
  type CreateEnvironmentInput,
  type ListProjectsQuery,
  type ProjectView,
  type ProjectWithEnvironments,
  type UpdateProjectInput,
} from "../../projects";
import type { ApiContext, ApiEnv } from "../context";
import { ApiError } from "../errors";
import { documented } from "../openapi/operation";
import { expandableProjectSchema, flagDefaultsSchema, projectListSchema, projectWithEnvironmentsSchema } from "../openapi/schemas";
import { pageLinks, pageQuery } from "../pagination";
import { servesVersion } from "../api-version";
import { API_BASE } from "../paths";
import { applyUpdateBody, updateBodySchema } from "../patch-forms";
import { environmentRepresentation, flagDefaultsRepresentation, projectRepresentation } from "../representations";
import { parseWith, readJson } from "../request";

const createBody = z.object({
  key: z.string().max(1000),
  name: z.string().max(10_000),
  tags: z.array(z.string().max(1000)).max(1000).optional(),
  includeInSnippetByDefault: z.unknown().optional(),
  defaultClientSideAvailability: z.unknown().optional(),
  environments: z
    .array(z.record(z.string(), z.unknown()))
    .max(100)
    .refine((list) => list.every((e) => e.source === undefined), "environments: source (copying another environment) is not supported")
    .optional(),
  // LaunchDarkly's flag-key naming rule: Tollgate has no flags (docs/ld-compatibility.md).
  namingConvention: z.object({ case: z.string().max(100).optional(), prefix: z.string().max(1000).optional() }).optional(),
});
const keyParam = z.string().min(1).max(128);
const listQuery = pageQuery(DEFAULT_PROJECT_LIST_LIMIT).extend({
  filter: z.string().max(2000).optional(),
  sort: z.string().max(200).optional(),
  expand: z.string().max(200).optional(),
});
const PATCHABLE = ["/name", "/tags", "/includeInSnippetByDefault", "/defaultClientSideAvailability"] as const;
const FLAG_DEFAULT_FIELDS = ["/tags", "/temporary", "/booleanDefaults", "/defaultClientSideAvailability"] as const;

/** Before this LD-API-Version, LaunchDarkly answered the project list whole, without paging. */
const pagesProjects = (c: ApiContext) => servesVersion(c, 20220603);

/** LaunchDarkly's `filter`: `query:text`, `tags:a+b` (all of them), `keys:a|b` (any of them), comma-separated. */
function parseFilter(filter: string | undefined): NonNullable<ListProjectsQuery["filter"]> {
  const parsed: NonNullable<ListProjectsQuery["filter"]> = {};
  for (const part of (filter ?? "").split(",")) {
    if (part.trim() === "") continue;
    const colon = part.indexOf(":");
    const field = colon < 0 ? part : part.slice(0, colon);
    const value = colon < 0 ? "" : part.slice(colon + 1);
    if (field === "query") parsed.query = value;
    else if (field === "tags") parsed.tags = value.split("+").filter((t) => t !== "");
    else if (field === "keys") parsed.keys = value.split("|").filter((k) => k !== "");
    else throw new ApiError("invalid_request", `Unknown filter "${field.slice(0, 50)}": filter projects by query, tags or keys`);
  }
  return parsed;
}

/** LaunchDarkly's `expand`: only `environments` exists for projects. */
function expandsEnvironments(expand: string | undefined): boolean {
  const fields = (expand ?? "").split(",").map((f) => f.trim()).filter((f) => f !== "");
  const unknown = fields.find((f) => f !== "environments");
  if (unknown !== undefined) throw new ApiError("invalid_request", `Unknown expand "${unknown.slice(0, 50)}": projects expand environments only`);
  return fields.length > 0;
}

/** A project with its environments as a paginated list (GET with `expand=environments`). */
function expandedRepresentation(p: ProjectWithEnvironments) {
  const items = p.environments.map((e) => environmentRepresentation(p.key, e));
  return {
    ...projectRepresentation(p),
    environments: { items, totalCount: items.length, _links: { parent: { href: `${API_BASE}/projects/${encodeURIComponent(p.key)}`, type: "application/json" } } },
  };
}

/** A project with its environments as a plain array (the answer to a create or an update). */
const writtenRepresentation = (p: ProjectWithEnvironments) => ({
  ...projectRepresentation(p),
  environments: p.environments.map((e) => environmentRepresentation(p.key, e)),
});

const listRepresentation = (p: ProjectView | ProjectWithEnvironments) =>
  "environments" in p ? expandedRepresentation(p) : projectRepresentation(p);

const expandQuery = listQuery.pick({ expand: true });
const doc = (op: Parameters<typeof documented>[1]) => documented("Projects", op);

export const projectRoutes = new Hono<ApiEnv>()
  .get("/", doc({ operationId: "getProjects", summary: "List projects", description: "Before LD-API-Version 20220603 the list is answered whole, without `limit` or `offset`, as LaunchDarkly did.", query: listQuery, ok: { status: 200, schema: projectListSchema, description: "A page of projects" } }), async (c) => {
    const q = parseWith(listQuery, c.req.query());
    const paged = pagesProjects(c);
    const query: ListProjectsQuery = {
      ...(paged ? { limit: q.limit, offset: q.offset } : { unpaged: true }),
      filter: parseFilter(q.filter),
      sort: q.sort ? q.sort.split(",").map((s) => s.trim()) : [],
    };
    const { items, totalCount } = await listProjects(c.get("actor"), query, { environments: expandsEnvironments(q.expand) });
    const params = { filter: q.filter, sort: q.sort, expand: q.expand };
    const _links = paged
      ? pageLinks("/projects", params, { limit: q.limit, offset: q.offset, totalCount })
      : { self: { href: `${API_BASE}/projects`, type: "application/json" } };
    return c.json({ items: items.map(listRepresentation), totalCount, _links });
  })
  .post("/", doc({ operationId: "postProject", summary: "Create a project", body: createBody, ok: { status: 201, schema: projectWithEnvironmentsSchema, description: "The project" }, errors: [409] }), async (c) => {
    const body = parseWith(createBody, await readJson(c));
    const created = await createProject(c.get("actor"), {
      key: body.key,
      name: body.name,
      tags: body.tags,
      ...(body.includeInSnippetByDefault !== undefined && { includeInSnippetByDefault: body.includeInSnippetByDefault as boolean }),
      ...(body.defaultClientSideAvailability !== undefined && { defaultClientSideAvailability: body.defaultClientSideAvailability as ClientSideAvailability }),
      ...(body.environments !== undefined && { environments: body.environments as unknown as CreateEnvironmentInput[] }),
    });
    return c.json(writtenRepresentation(created), 201);
  })
  .get("/:key", doc({ operationId: "getProject", summary: "Get a project", query: expandQuery, ok: { status: 200, schema: expandableProjectSchema, description: "The project" }, errors: [404] }), async (c) => {
    const actor = c.get("actor");
    const key = parseWith(keyParam, c.req.param("key"));
    if (expandsEnvironments(parseWith(expandQuery, c.req.query()).expand)) return c.json(expandedRepresentation(await getProjectWithEnvironments(actor, key)));
    return c.json(projectRepresentation(await getProject(actor, key)));
  })
  .patch("/:key", doc({ operationId: "patchProject", summary: "Update a project (JSON Patch or JSON Merge Patch)", body: updateBodySchema, ok: { status: 200, schema: projectWithEnvironmentsSchema, description: "The project, with its environments" }, errors: [404, 409, 422] }), async (c) => {
    const actor = c.get("actor");
    const key = parseWith(keyParam, c.req.param("key"));
    const body = await readJson(c);
    const current = await getProject(actor, key);
    const before = {
      name: current.name,
      tags: current.tags,
      includeInSnippetByDefault: current.defaultClientSideAvailability.usingEnvironmentId,
      defaultClientSideAvailability: current.defaultClientSideAvailability,
    };
    const { after, comment } = applyUpdateBody(before, body, PATCHABLE);
    const changes: UpdateProjectInput = {};
    if (after.name !== before.name) changes.name = after.name;
    if (JSON.stringify(after.tags) !== JSON.stringify(before.tags)) changes.tags = after.tags;
    if (after.includeInSnippetByDefault !== before.includeInSnippetByDefault) changes.includeInSnippetByDefault = after.includeInSnippetByDefault;
    if (JSON.stringify(after.defaultClientSideAvailability) !== JSON.stringify(before.defaultClientSideAvailability)) {
      changes.defaultClientSideAvailability = after.defaultClientSideAvailability;
    }
    if (comment !== undefined) changes.comment = comment;
    return c.json(writtenRepresentation(await updateProject(actor, key, changes)));
  })
  .delete("/:key", doc({ operationId: "deleteProject", summary: "Delete a project", ok: { status: 204, description: "Deleted" }, errors: [404, 409] }), async (c) => {
    await deleteProject(c.get("actor"), parseWith(keyParam, c.req.param("key")));
    return c.body(null, 204);
  })
  .get("/:key/flag-defaults", doc({ operationId: "getFlagDefaultsByProject", summary: "Get a project's flag defaults", ok: { status: 200, schema: flagDefaultsSchema, description: "The flag defaults" }, errors: [404] }), async (c) => {
    const key = parseWith(keyParam, c.req.param("key"));
    return c.json(flagDefaultsRepresentation(key, await getFlagDefaults(c.get("actor"), key)));
  })
  .put("/:key/flag-defaults", doc({ operationId: "putFlagDefaultsByProject", summary: "Replace a project's flag defaults", body: flagDefaultsInput, ok: { status: 200, schema: flagDefaultsSchema, description: "The flag defaults" }, errors: [404, 409] }), async (c) => {
    const key = parseWith(keyParam, c.req.param("key"));
    return c.json(flagDefaultsRepresentation(key, await setFlagDefaults(c.get("actor"), key, await readJson(c))));
  })
  .patch("/:key/flag-defaults", doc({ operationId: "patchFlagDefaultsByProject", summary: "Update a project's flag defaults (JSON Patch or JSON Merge Patch)", body: updateBodySchema, ok: { status: 200, schema: flagDefaultsSchema, description: "The flag defaults" }, errors: [404, 409, 422] }), async (c) => {
    const actor = c.get("actor");
    const key = parseWith(keyParam, c.req.param("key"));
    const body = await readJson(c);
    const current = await getFlagDefaults(actor, key);
    const { after } = applyUpdateBody(current, body, FLAG_DEFAULT_FIELDS);
    return c.json(flagDefaultsRepresentation(key, await setFlagDefaults(actor, key, after)));
  });
