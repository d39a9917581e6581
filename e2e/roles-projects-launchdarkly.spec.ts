import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiTokenOf } from "./support";

// Custom roles and projects over HTTP as LaunchDarkly's client uses them (docs/ld-compatibility.md).
const auth = (token: string, headers: Record<string, string> = {}) => ({ headers: { Authorization: token, ...headers } });
const suffix = () => Math.random().toString(36).slice(2, 8);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
async function json(response: Awaited<ReturnType<APIRequestContext["get"]>>, status: number): Promise<any> {
  expect(response.status(), await response.text()).toBe(status);
  return response.status() === 204 ? null : response.json();
}

test("a custom role is read, merge-patched and deleted by its _id, with basePermissions", async ({ request }) => {
  const admin = apiTokenOf("admin");
  const key = `ld-${suffix()}`;
  const policy = [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }];
  const created = await json(await request.post("/api/v2/roles", { ...auth(admin), data: { key, name: "LD", policy, basePermissions: "no_access" } }), 201);
  expect(created.basePermissions).toBe("no_access");
  expect((await json(await request.get(`/api/v2/roles/${created._id}`, auth(apiTokenOf("reader"))), 200)).key).toBe(key);
  const merged = await json(await request.patch(`/api/v2/roles/${created._id}`, { ...auth(admin), data: { merge: { description: "Merged" }, comment: "tidy" } }), 200);
  expect(merged).toMatchObject({ description: "Merged", basePermissions: "no_access" });
  const page = await json(await request.get("/api/v2/roles?limit=1&offset=0", auth(admin)), 200);
  expect(page.items).toHaveLength(1);
  expect(page._links.next.href).toContain("offset=1");
  await json(await request.delete(`/api/v2/roles/${created._id}`, auth(admin)), 204);
});

test("a project has its environments, client-side availability and flag defaults, and the old list is unpaged", async ({ request }) => {
  const writer = apiTokenOf("writer");
  const key = `ld-${suffix()}`;
  const created = await json(await request.post("/api/v2/projects", { ...auth(writer), data: { key, name: "LD", tags: ["b", "a", "b"] } }), 201);
  expect(created).toMatchObject({ tags: ["a", "b"], includeInSnippetByDefault: false, environments: [{ key: "production", apiKey: "" }, { key: "test" }] });
  const plain = await json(await request.get(`/api/v2/projects/${key}`, auth(writer)), 200);
  expect(plain).not.toHaveProperty("environments");
  const expanded = await json(await request.get(`/api/v2/projects?filter=keys:${key}&expand=environments`, auth(writer)), 200);
  expect(expanded.items[0].environments.totalCount).toBe(2);
  const patched = await json(await request.patch(`/api/v2/projects/${key}`, { ...auth(writer), data: [{ op: "replace", path: "/includeInSnippetByDefault", value: true }] }), 200);
  expect(patched.defaultClientSideAvailability.usingEnvironmentId).toBe(true);
  const defaults = await json(await request.get(`/api/v2/projects/${key}/flag-defaults`, auth(writer)), 200);
  expect(defaults).toMatchObject({ key, temporary: true, defaultClientSideAvailability: { usingEnvironmentId: true } });
  const put = await json(await request.put(`/api/v2/projects/${key}/flag-defaults`, { ...auth(writer), data: { ...defaults, temporary: false, _links: undefined, key: undefined } }), 200);
  expect(put.temporary).toBe(false);
  const old = await json(await request.get("/api/v2/projects?limit=1", auth(writer, { "LD-API-Version": "20210729" })), 200);
  expect(old.items.length).toBeGreaterThan(1);
  expect(old._links).not.toHaveProperty("next");
  await json(await request.delete(`/api/v2/projects/${key}`, auth(apiTokenOf("admin"))), 204);
});
