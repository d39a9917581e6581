import { expect, test } from "@playwright/test";
import { apiTokenOf, DEMO } from "./support";

// A token as a script written for LaunchDarkly makes one, over HTTP against the production
// server: no name, an inline policy in LaunchDarkly's vocabulary (docs/ld-compatibility.md).

const auth = (token: string, extra: Record<string, string> = {}) => ({ headers: { Authorization: token, ...extra } });

const LD_POLICY = [
  { effect: "allow", actions: ["updateOn", "viewProject"], resources: ["proj/*:env/production:flag/*"] },
  { effect: "allow", actions: ["*"], resources: ["proj/*:env/*;qa_*:flag/*", "acct", "member/*:token/*;ci"] },
];

test("a token made with a LaunchDarkly-style inline policy and no name is stored as sent, and its statements grant Tollgate nothing", async ({ request }) => {
  const owner = apiTokenOf("owner");
  const created = await request.post("/api/v2/tokens", { ...auth(owner), data: { inlineRole: LD_POLICY } });
  expect(created.status(), await created.text()).toBe(201);
  const token = (await created.json()) as { _id: string; name: string; token: string; inlineRole: unknown; _member: { _links: { self: { href: string } }; email: string } };
  expect(token.name).toMatch(/^Unnamed token [0-9a-f]{8}$/);
  expect(token.inlineRole).toEqual(LD_POLICY);
  expect(token._member.email).toBe(DEMO.owner.email);
  expect(token._member._links.self.href).toMatch(/^\/api\/v2\/members\/.+/);

  const read = await request.get(`/api/v2/tokens/${token._id}`, auth(owner));
  expect(((await read.json()) as { inlineRole: unknown }).inlineRole).toEqual(LD_POLICY);

  const ld = token.token;
  expect((await request.get("/api/v2/tokens", auth(ld))).status()).toBe(200);
  expect((await request.post("/api/v2/projects", { ...auth(ld), data: { key: "ld-style", name: "LD style" } })).status()).toBe(403);
  expect((await request.post("/api/v2/tokens", { ...auth(ld), data: { name: "ci" } })).status()).toBe(403);

  const refused = await request.post("/api/v2/tokens", { ...auth(owner), data: { inlineRole: [{ effect: "allow", actions: ["updateOnn"], resources: ["proj/*"] }] } });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { message: string }).message).toContain('did you mean "updateOn"?');

  expect((await request.delete(`/api/v2/tokens/${token._id}`, auth(owner))).status()).toBe(204);
});

test("LD-API-Version beta is accepted and echoed; before 20240415 the token list comes unpaginated", async ({ request }) => {
  const owner = apiTokenOf("owner");
  const beta = await request.get("/api/v2/tokens", auth(owner, { "LD-API-Version": "beta" }));
  expect(beta.status()).toBe(200);
  expect(beta.headers()["ld-api-version"]).toBe("beta");

  const old = await request.get("/api/v2/tokens?showAll=true&limit=1", auth(owner, { "LD-API-Version": "20220603" }));
  expect(old.headers()["ld-api-version"]).toBe("20220603");
  const body = (await old.json()) as { items: unknown[]; totalCount: number; _links: Record<string, unknown> };
  expect(body.items.length).toBe(body.totalCount);
  expect(body.totalCount).toBeGreaterThan(1);
  expect(Object.keys(body._links)).toEqual(["self"]);
});
