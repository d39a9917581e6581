import { expect, test, type APIRequestContext } from "@playwright/test";
import { withoutRequestId } from "./net";
import { apiTokenOf, storageStateOf, UNAUTHORIZED_BODY } from "./support";
import { TokensPage } from "./tokens-page";

// The REST API over HTTP against the production server (README, "The REST API"), with tokens created in the
// browser by auth.setup.ts.
const auth = (token: string, extra: Record<string, string> = {}) => ({ headers: { Authorization: token, ...extra } });
const TOKEN_SHAPE = /^api-[0-9A-Za-z]{36}$/;
const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

async function createToken(request: APIRequestContext, as: string, body: Record<string, unknown>) {
  const response = await request.post("/api/v2/tokens", { ...auth(as), data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { _id: string; token: string; name: string };
}

test.describe("the API root and authentication", () => {
  test("GET /api/v2 answers without authentication, with links, and caches nothing", async ({ request }) => {
    const response = await request.get("/api/v2");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ name: "Tollgate", apiVersion: 20240415, _links: { tokens: { href: "/api/v2/tokens" } } });
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("every refused credential gets the same 401 body", async ({ request }) => {
    const writer = apiTokenOf("writer");
    const badChecksum = writer.slice(0, -1) + (writer.endsWith("A") ? "B" : "A");
    const bodies = new Set<string>();
    for (const header of [undefined, "", "nonsense", "api-short", badChecksum, `Bearer ${badChecksum}`, "Bearer "]) {
      const response = await request.get("/api/v2/tokens", header === undefined ? {} : auth(header));
      expect(response.status()).toBe(401);
      bodies.add(withoutRequestId(await response.text(), response.headers()["x-request-id"]));
    }
    expect([...bodies]).toEqual([UNAUTHORIZED_BODY]);
  });

  test("accepts the token with or without a Bearer prefix", async ({ request }) => {
    const writer = apiTokenOf("writer");
    expect((await request.get("/api/v2/tokens", auth(writer))).status()).toBe(200);
    expect((await request.get("/api/v2/tokens", auth(`Bearer ${writer}`))).status()).toBe(200);
  });

  test("a signed-in browser session without a token gets 401", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf("admin") });
    const response = await context.request.get("/api/v2/tokens");
    expect(response.status()).toBe(401);
    await context.close();
  });

  test("LD-API-Version overrides the token's default and is echoed; an unknown one is a 400", async ({ request }) => {
    const writer = apiTokenOf("writer");
    expect((await request.get("/api/v2/tokens", auth(writer))).headers()["ld-api-version"]).toBe("20240415");
    expect((await request.get("/api/v2/tokens", auth(writer, { "LD-API-Version": "20220603" }))).headers()["ld-api-version"]).toBe("20220603");
    const bad = await request.get("/api/v2/tokens", auth(writer, { "LD-API-Version": "20200101" }));
    expect(bad.status()).toBe(400);
    expect((await bad.json()).code).toBe("invalid_request");
  });

  test("responses carry the rate-limit headers", async ({ request }) => {
    const response = await request.get("/api/v2/tokens", auth(apiTokenOf("reader")));
    expect(Number(response.headers()["x-ratelimit-route-remaining"])).toBeGreaterThan(0);
    expect(Number(response.headers()["x-ratelimit-reset"])).toBeGreaterThan(Date.now() - 1000);
  });
});

test.describe("tokens over the API", () => {
  test("a writer creates a writer token: 201 with the full secret once, then only its last four characters", async ({ request }) => {
    const writer = apiTokenOf("writer");
    const response = await request.post("/api/v2/tokens", { ...auth(writer), data: { name: unique("api-made"), role: "writer" } });
    expect(response.status()).toBe(201);
    expect(response.headers()["cache-control"]).toBe("no-store");
    const created = await response.json();
    expect(created.token).toMatch(TOKEN_SHAPE);
    expect(created).toMatchObject({ role: "writer", serviceToken: false, defaultApiVersion: 20240415, customRoleIds: [], inlineRole: [] });
    expect(typeof created.creationDate).toBe("number");
    expect(created._member.email).toBe("writer@acme.test");

    const fetched = await (await request.get(`/api/v2/tokens/${created._id}`, auth(writer))).json();
    expect(fetched.token).toBe(created.token.slice(-4));
    // The new token works at once.
    expect((await request.get("/api/v2/tokens", auth(created.token))).status()).toBe(200);
  });

  test("a writer cannot mint an admin token, and a reader cannot mint a writer token (403)", async ({ request }) => {
    const asWriter = await request.post("/api/v2/tokens", { ...auth(apiTokenOf("writer")), data: { name: unique("escalate"), role: "admin" } });
    expect(asWriter.status()).toBe(403);
    expect((await asWriter.json()).code).toBe("forbidden");
    const asReader = await request.post("/api/v2/tokens", { ...auth(apiTokenOf("reader")), data: { name: unique("escalate"), role: "writer" } });
    expect(asReader.status()).toBe(403);
  });

  test("another member's token is not found, not forbidden", async ({ request }) => {
    const mine = await createToken(request, apiTokenOf("writer"), { name: unique("private") });
    const asReader = await request.get(`/api/v2/tokens/${mine._id}`, auth(apiTokenOf("reader")));
    expect(asReader.status()).toBe(404);
    expect((await asReader.json()).code).toBe("not_found");
    expect((await request.delete(`/api/v2/tokens/${mine._id}`, auth(apiTokenOf("reader")))).status()).toBe(404);
  });

  test("lists with totalCount and _links, paginates, and shows all members' tokens to admins", async ({ request }) => {
    const writerToken = await createToken(request, apiTokenOf("writer"), { name: unique("listed") });
    const page = await (await request.get("/api/v2/tokens?limit=1", auth(apiTokenOf("writer")))).json();
    expect(page.items).toHaveLength(1);
    expect(page.totalCount).toBeGreaterThan(1);
    // The next page is reached by cursor; LaunchDarkly's offset keeps working beside it.
    expect(page._links.next.href).toMatch(/[?&]after=/);
    expect(page._links.self.href).toContain("limit=1");
    const next = await (await request.get(page._links.next.href, auth(apiTokenOf("writer")))).json();
    const byOffset = await (await request.get("/api/v2/tokens?limit=1&offset=1", auth(apiTokenOf("writer")))).json();
    expect(next.items).toHaveLength(1);
    expect(next.items[0]._id).not.toBe(page.items[0]._id);
    expect(next.items[0]._id).toBe(byOffset.items[0]._id);

    const admin = apiTokenOf("admin");
    const own = await (await request.get("/api/v2/tokens?limit=1000", auth(admin))).json();
    expect(own.items.map((t: { _id: string }) => t._id)).not.toContain(writerToken._id);
    const all = await (await request.get("/api/v2/tokens?showAll=true&limit=1000", auth(admin))).json();
    expect(all.items.map((t: { _id: string }) => t._id)).toContain(writerToken._id);
    expect(JSON.stringify(all)).not.toMatch(/api-[0-9A-Za-z]{36}/);

    expect((await request.get("/api/v2/tokens?showAll=true", auth(apiTokenOf("writer")))).status()).toBe(403);
    expect((await request.get("/api/v2/tokens?limit=1001", auth(admin))).status()).toBe(400);
    expect((await request.get("/api/v2/tokens?offset=-1", auth(admin))).status()).toBe(400);
  });

  test("PATCH applies JSON Patch to the allowed paths and refuses the rest with 422", async ({ request }) => {
    const writer = apiTokenOf("writer");
    const token = await createToken(request, writer, { name: unique("patchable"), role: "reader" });
    const patch = (ops: unknown) => request.patch(`/api/v2/tokens/${token._id}`, { ...auth(writer), data: ops });

    const renamed = await patch([
      { op: "test", path: "/name", value: token.name },
      { op: "replace", path: "/name", value: `${token.name} v2` },
      { op: "replace", path: "/description", value: "patched" },
      { op: "replace", path: "/role", value: "writer" },
      { op: "replace", path: "/defaultApiVersion", value: 20220603 },
    ]);
    expect(renamed.status(), await renamed.text()).toBe(200);
    expect(await renamed.json()).toMatchObject({ name: `${token.name} v2`, description: "patched", role: "writer", defaultApiVersion: 20220603 });

    const failedTest = await patch([{ op: "test", path: "/name", value: "not the name" }, { op: "replace", path: "/name", value: "never" }]);
    expect(failedTest.status()).toBe(422);
    expect((await failedTest.json()).code).toBe("patch_failed");
    expect((await patch([{ op: "replace", path: "/serviceToken", value: true }])).status()).toBe(422);
    expect((await patch([{ op: "move", from: "/name", path: "/description" }])).status()).toBe(422);
    expect((await patch([{ op: "replace", path: "/role", value: "owner" }])).status()).toBe(403);
    expect((await patch({ not: "a patch" })).status()).toBe(400);
    expect((await patch([{ op: "replace", path: "/defaultApiVersion", value: 1 }])).status()).toBe(400);

    // Acting through a token, only admin/owner authority may hand out an inline policy: a narrow
    // token must not mint a broad one (see README, "Decisions").
    const policy = [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }];
    expect((await patch([{ op: "replace", path: "/inlineRole", value: policy }])).status()).toBe(403);
    const admin = apiTokenOf("admin");
    const adminToken = await createToken(request, admin, { name: unique("inline"), role: "reader" });
    const inline = await request.patch(`/api/v2/tokens/${adminToken._id}`, { ...auth(admin), data: [{ op: "replace", path: "/inlineRole", value: policy }] });
    expect(inline.status(), await inline.text()).toBe(200);
    expect(await inline.json()).toMatchObject({ inlineRole: policy, customRoleIds: [] });
    expect((await inline.json()).role).toBeUndefined();
  });

  test("reset without expiry kills the old secret at once; with an expiry it lives until then", async ({ request }) => {
    const writer = apiTokenOf("writer");
    const token = await createToken(request, writer, { name: unique("rotating") });
    const reset = await request.post(`/api/v2/tokens/${token._id}/reset`, auth(writer));
    expect(reset.status()).toBe(200);
    const fresh = (await reset.json()).token as string;
    expect(fresh).toMatch(TOKEN_SHAPE);
    expect((await request.get("/api/v2/tokens", auth(token.token))).status()).toBe(401);
    expect((await request.get("/api/v2/tokens", auth(fresh))).status()).toBe(200);

    const graced = await request.post(`/api/v2/tokens/${token._id}/reset?expiry=${Date.now() + 3_600_000}`, auth(writer));
    const newest = (await graced.json()).token as string;
    expect((await request.get("/api/v2/tokens", auth(fresh))).status()).toBe(200);
    expect((await request.get("/api/v2/tokens", auth(newest))).status()).toBe(200);
  });

  test("a deleted token answers 401 from then on, and is gone (404)", async ({ request }) => {
    const writer = apiTokenOf("writer");
    const token = await createToken(request, writer, { name: unique("doomed") });
    expect((await request.delete(`/api/v2/tokens/${token._id}`, auth(writer))).status()).toBe(204);
    expect((await request.get("/api/v2/tokens", auth(token.token))).status()).toBe(401);
    expect((await request.get(`/api/v2/tokens/${token._id}`, auth(writer))).status()).toBe(404);
  });

  test("an admin deletes a member's token without seeing its value", async ({ request }) => {
    const token = await createToken(request, apiTokenOf("writer"), { name: unique("admin-deletes") });
    const admin = apiTokenOf("admin");
    const seen = await (await request.get(`/api/v2/tokens/${token._id}`, auth(admin))).json();
    expect(seen.token).toBe(token.token.slice(-4));
    expect((await request.delete(`/api/v2/tokens/${token._id}`, auth(admin))).status()).toBe(204);
    expect((await request.get("/api/v2/tokens", auth(token.token))).status()).toBe(401);
  });

  test("bad input of any shape is a 4xx with {code, message}, never a 500", async ({ request }) => {
    const writer = apiTokenOf("writer");
    const cases = [
      request.post("/api/v2/tokens", { ...auth(writer), headers: { Authorization: writer, "Content-Type": "application/json" }, data: "{not json" }),
      request.post("/api/v2/tokens", { ...auth(writer), data: { name: 42 } }),
      request.post("/api/v2/tokens", { ...auth(writer), data: [] }),
      request.post("/api/v2/tokens", { ...auth(writer), data: { name: "" } }),
      request.post("/api/v2/tokens", { ...auth(writer), data: { name: "x".repeat(5000) } }),
      request.post("/api/v2/tokens", { ...auth(writer), data: { name: "two", role: "reader", inlineRole: [{ effect: "allow", actions: ["*"], resources: ["*"] }] } }),
      request.post("/api/v2/tokens", { ...auth(writer), data: { name: "bad policy", inlineRole: [{ effect: "maybe" }] } }),
      request.post("/api/v2/tokens", { ...auth(writer), data: { name: "big", description: "x".repeat(2 * 1024 * 1024) } }),
      request.get("/api/v2/tokens/%00%ff", auth(writer)),
      request.get("/api/v2/tokens?limit=abc", auth(writer)),
      request.post("/api/v2/tokens/nope/reset?expiry=soon", auth(writer)),
      request.get("/api/v2/nothing-here", auth(writer)),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.status(), await response.text()).toBeGreaterThanOrEqual(400);
      expect(response.status()).toBeLessThan(500);
      const body = await response.json();
      expect(Object.keys(body).sort()).toEqual(["code", "id", "message"]);
    }
  });
});

test.describe("both doors share one database client", () => {
  test.use({ storageState: storageStateOf("writer") });

  test("a token written by the console door works on the API door, whose lastUsed write the console then shows", async ({ page, request }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("cross-door");
    const secret = await tokens.create(name);
    // Cells after the name: role, token, type, API version, created, last used, …
    const lastUsed = () => tokens.row(name).getByRole("cell").nth(5);
    await expect(lastUsed()).toHaveText("Never");
    // The API (Hono, server.ts's bundle) reads the row the console (Next's bundle) wrote…
    expect((await request.get("/api/v2/tokens", auth(secret))).status()).toBe(200);
    // …and the console reads the lastUsed the API wrote (off the request path, so poll).
    await expect
      .poll(async () => {
        await tokens.goto();
        return lastUsed().textContent();
      })
      .not.toBe("Never");
  });
});
