import { expect, test, type APIRequestContext } from "@playwright/test";
import { readWholeAuditLog } from "./auditlog";
import { memberWithToken } from "./members";
import { apiTokenOf } from "./support";

// Members, roles, projects and the audit log over HTTP, and the policy cases of the README's "Decisions".
const auth = (token: string) => ({ headers: { Authorization: token } });
const suffix = () => Math.random().toString(36).slice(2, 8);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
async function json(response: Awaited<ReturnType<APIRequestContext["get"]>>, status: number): Promise<any> {
  expect(response.status(), await response.text()).toBe(status);
  return response.status() === 204 ? null : response.json();
}

test.describe("members", () => {
  test("me, list and get; unknown ids are 404", async ({ request }) => {
    const me = await json(await request.get("/api/v2/members/me", auth(apiTokenOf("writer"))), 200);
    expect(me).toMatchObject({ email: "writer@acme.test", role: "writer", firstName: "Wendy" });
    expect(me).not.toHaveProperty("passwordHash");
    const list = await json(await request.get("/api/v2/members?limit=100", auth(apiTokenOf("reader"))), 200);
    expect(list.items.map((m: { email: string }) => m.email)).toEqual(expect.arrayContaining(["owner@acme.test", "reader@acme.test"]));
    expect(list.totalCount).toBeGreaterThanOrEqual(4);
    const one = await json(await request.get(`/api/v2/members/${me._id}`, auth(apiTokenOf("reader"))), 200);
    expect(one.email).toBe("writer@acme.test");
    expect((await request.get("/api/v2/members/000000000000000000000000", auth(apiTokenOf("reader")))).status()).toBe(404);
  });

  test("a personal token of a downgraded member loses the write on its next request", async ({ request, browser }) => {
    const temp = await memberWithToken(request, browser, "writer");
    const admin = apiTokenOf("admin");
    await json(await request.post("/api/v2/projects", { ...auth(temp.secret), data: { key: `p-${suffix()}`, name: "Before" } }), 201);
    await json(await request.patch(`/api/v2/members/${temp.id}`, { ...auth(admin), data: [{ op: "replace", path: "/role", value: "reader" }] }), 200);
    const refused = await request.post("/api/v2/projects", { ...auth(temp.secret), data: { key: `p-${suffix()}`, name: "After" } });
    expect(refused.status()).toBe(403);
  });

  test("a removed member's personal tokens get 401 at once; service tokens they created keep working", async ({ request, browser }) => {
    const person = await memberWithToken(request, browser, "admin");
    const service = await memberWithToken(request, browser, "admin", { service: true });
    const admin = apiTokenOf("admin");
    await json(await request.delete(`/api/v2/members/${person.id}`, auth(admin)), 204);
    await json(await request.delete(`/api/v2/members/${service.id}`, auth(admin)), 204);
    expect((await request.get("/api/v2/tokens", auth(person.secret))).status()).toBe(401);
    expect((await request.get("/api/v2/tokens", auth(service.secret))).status()).toBe(200);
  });

  test("lists with LaunchDarkly's filter, sort and expand, and every member has the Member model's required fields", async ({ request }) => {
    const reader = auth(apiTokenOf("reader"));
    const admins = await json(await request.get(`/api/v2/members?filter=${encodeURIComponent("role:admin,email:owner@acme.test|admin@acme.test")}&sort=-displayName&expand=customRoles`, reader), 200);
    // admin also finds owners, as in LaunchDarkly.
    expect(admins.items.map((m: { email: string }) => m.email).sort()).toEqual(["admin@acme.test", "owner@acme.test"]);
    for (const member of admins.items) {
      expect(member).toMatchObject({ _verified: false, mfa: "disabled", _lastSeen: expect.any(Number), _pendingInvite: false, customRoles: [], customRolesInfo: [] });
    }
    const unknown = await request.get("/api/v2/members?filter=colour:red", reader);
    expect(unknown.status()).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: "invalid_request", message: expect.stringContaining("colour") });
  });

  test("a removed member's address can be invited again; an address already a member gets LaunchDarkly's 400", async ({ request, browser }) => {
    const admin = apiTokenOf("admin");
    const person = await memberWithToken(request, browser, "reader");
    const taken = await request.post("/api/v2/members", { ...auth(admin), data: [{ email: person.email, role: "reader" }] });
    expect(taken.status()).toBe(400);
    expect(await taken.json()).toMatchObject({ code: "email_already_exists_in_account", invalid_emails: [person.email] });
    await json(await request.delete(`/api/v2/members/${person.id}`, auth(admin)), 204);
    const again = await json(await request.post("/api/v2/members", { ...auth(admin), data: [{ email: person.email, role: "writer" }] }), 201);
    expect(again.items[0]).toMatchObject({ email: person.email, role: "writer", _pendingInvite: true });
    expect(again.items[0]._id).not.toBe(person.id);
  });

  test("a writer cannot change roles, an admin cannot grant owner", async ({ request }) => {
    const me = await json(await request.get("/api/v2/members/me", auth(apiTokenOf("reader"))), 200);
    const patch = [{ op: "replace", path: "/role", value: "owner" }];
    expect((await request.patch(`/api/v2/members/${me._id}`, { ...auth(apiTokenOf("writer")), data: patch })).status()).toBe(403);
    expect((await request.patch(`/api/v2/members/${me._id}`, { ...auth(apiTokenOf("admin")), data: patch })).status()).toBe(403);
  });
});

test.describe("projects and policies", () => {
  test("a reader token may not create a project (403), a writer's may (201); only admins delete", async ({ request }) => {
    const key = `proj-${suffix()}`;
    expect((await request.post("/api/v2/projects", { ...auth(apiTokenOf("reader")), data: { key, name: "Nope" } })).status()).toBe(403);
    const created = await json(await request.post("/api/v2/projects", { ...auth(apiTokenOf("writer")), data: { key, name: "Yes", tags: ["a"] } }), 201);
    expect(created).toMatchObject({ key, name: "Yes", tags: ["a"] });
    expect((await request.post("/api/v2/projects", { ...auth(apiTokenOf("writer")), data: { key, name: "Again" } })).status()).toBe(409);
    const patched = await json(await request.patch(`/api/v2/projects/${key}`, { ...auth(apiTokenOf("writer")), data: [{ op: "replace", path: "/name", value: "Renamed" }] }), 200);
    expect(patched.name).toBe("Renamed");
    expect((await request.get(`/api/v2/projects/${key}`, auth(apiTokenOf("reader")))).status()).toBe(200);
    expect((await request.delete(`/api/v2/projects/${key}`, auth(apiTokenOf("writer")))).status()).toBe(403);
    await json(await request.delete(`/api/v2/projects/${key}`, auth(apiTokenOf("admin"))), 204);
    expect((await request.get(`/api/v2/projects/${key}`, auth(apiTokenOf("reader")))).status()).toBe(404);
    const list = await json(await request.get("/api/v2/projects", auth(apiTokenOf("reader"))), 200);
    expect(list.items.map((p: { key: string }) => p.key)).toContain("default");
  });

  test("an inline policy with a deny: the deny beats the allow", async ({ request }) => {
    const admin = apiTokenOf("admin");
    const inlineRole = [
      { effect: "allow", actions: ["createProject", "deleteProject"], resources: ["proj/*"] },
      { effect: "deny", actions: ["deleteProject"], resources: ["proj/keep-*"] },
    ];
    const token = await json(await request.post("/api/v2/tokens", { ...auth(admin), data: { name: `inline ${suffix()}`, inlineRole } }), 201);
    const keep = `keep-${suffix()}`;
    const scratch = `scratch-${suffix()}`;
    await json(await request.post("/api/v2/projects", { ...auth(token.token), data: { key: keep, name: "Keep" } }), 201);
    await json(await request.post("/api/v2/projects", { ...auth(token.token), data: { key: scratch, name: "Scratch" } }), 201);
    expect((await request.delete(`/api/v2/projects/${keep}`, auth(token.token))).status()).toBe(403);
    expect((await request.delete(`/api/v2/projects/${scratch}`, auth(token.token))).status()).toBe(204);
    // Nothing else: an inline policy allows only what it says.
    expect((await request.post("/api/v2/roles", { ...auth(token.token), data: { key: `r-${suffix()}`, name: "x", policy: [{ effect: "allow", actions: ["*"], resources: ["*"] }] } })).status()).toBe(403);
  });

  test("editing a custom role changes what its tokens may do on the very next request", async ({ request }) => {
    const admin = apiTokenOf("admin");
    const key = `editors-${suffix()}`;
    const role = await json(
      await request.post("/api/v2/roles", { ...auth(admin), data: { key, name: "Editors", policy: [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }] } }),
      201,
    );
    const token = await json(await request.post("/api/v2/tokens", { ...auth(admin), data: { name: `custom ${suffix()}`, customRoleIds: [role._id] } }), 201);
    expect(token.customRoleIds).toEqual([role._id]);
    await json(await request.post("/api/v2/projects", { ...auth(token.token), data: { key: `c-${suffix()}`, name: "Allowed" } }), 201);

    await json(await request.patch(`/api/v2/roles/${key}`, { ...auth(admin), data: [{ op: "replace", path: "/policy/0/effect", value: "deny" }] }), 200);
    expect((await request.post("/api/v2/projects", { ...auth(token.token), data: { key: `c-${suffix()}`, name: "Refused" } })).status()).toBe(403);

    const fetched = await json(await request.get(`/api/v2/roles/${key}`, auth(apiTokenOf("reader"))), 200);
    expect(fetched.policy[0].effect).toBe("deny");
    expect((await request.post("/api/v2/roles", { ...auth(apiTokenOf("writer")), data: { key: `w-${suffix()}`, name: "x", policy: [{ effect: "allow", actions: ["*"], resources: ["*"] }] } })).status()).toBe(403);
    const badPolicy = await request.post("/api/v2/roles", { ...auth(admin), data: { key: `b-${suffix()}`, name: "x", policy: [{ effect: "allow", actions: ["creatProject"], resources: ["proj/*"] }] } });
    expect(badPolicy.status()).toBe(400);
    expect((await badPolicy.json()).message).toMatch(/statement 1/i);
    await json(await request.delete(`/api/v2/roles/${key}`, auth(admin)), 204);
    expect((await request.get(`/api/v2/roles/${key}`, auth(admin))).status()).toBe(404);
  });
});

test.describe("the audit log", () => {
  test("is newest first, paginated, never holds a secret, and members see only their own entries", async ({ request }) => {
    const writer = apiTokenOf("writer");
    const created = await json(await request.post("/api/v2/tokens", { ...auth(writer), data: { name: `audited ${suffix()}` } }), 201);
    const log = await json(await request.get("/api/v2/auditlog?limit=5", auth(apiTokenOf("admin"))), 200);
    expect(log.items).toHaveLength(5);
    const dates = log.items.map((e: { date: number }) => e.date);
    expect([...dates].sort((a: number, b: number) => b - a)).toEqual(dates);
    expect(log._links.next.href).toContain("offset=5");

    const mine = await json(await request.get(`/api/v2/auditlog?targetKind=token&targetId=${created._id}`, auth(writer)), 200);
    expect(mine.items[0]).toMatchObject({ action: "tokenCreated", kind: "token", name: created.name });
    expect(JSON.stringify(mine)).not.toContain(created.token);

    const asReader = await readWholeAuditLog(request, apiTokenOf("reader"));
    expect(asReader.items.map((e) => e.target._id)).not.toContain(created._id);
    expect(new Set(asReader.items.map((e) => e._id)).size).toBe(asReader.items.length);
    // LaunchDarkly's bounds: 1 to 20 a page.
    for (const limit of [0, 21, 5000]) expect((await request.get(`/api/v2/auditlog?limit=${limit}`, auth(writer))).status()).toBe(400);
  });
});
