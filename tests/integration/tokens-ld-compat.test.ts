import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { uniqueNames } from "../helpers/names";

// Access tokens as LaunchDarkly's client sends and reads them: every body field optional,
// inline policies in LaunchDarkly's vocabulary, the token list as each API version answers it.

let acme: TestAccount;
let ownerSecret: string;
let writerSecret: string;
const unique = uniqueNames();

beforeAll(async () => {
  acme = await createTestAccount();
  ({ secret: ownerSecret } = await createAccessToken(acme.owner, { name: "owner caller", permission: { kind: "role", role: "owner" } }));
  ({ secret: writerSecret } = await createAccessToken(acme.writer, { name: "writer caller", permission: { kind: "role", role: "writer" } }));
});
afterAll(() => closeDatabase());

const LD_POLICY = [
  { effect: "allow", actions: ["updateOn", "viewProject"], resources: ["proj/*:env/production:flag/*"] },
  { effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*;mobile,web"] },
  { effect: "allow", actions: ["*"], resources: ["proj/*:env/*", "acct", "team/*"] },
  { effect: "deny", actions: ["updateOrganization"], resources: ["acct"] },
];

async function createInline(secret: string, inlineRole: unknown[], extra: Record<string, unknown> = {}) {
  return apiCall("POST", "/tokens", { secret, body: { name: unique("ld"), inlineRole, ...extra } });
}

describe(`POST /tokens as LaunchDarkly's client sends it (${testDatabaseKind})`, () => {
  it("creates a reader token with a generated name from an empty body, and another from a second one", async () => {
    const first = await apiCall("POST", "/tokens", { secret: writerSecret, body: {} });
    const second = await apiCall("POST", "/tokens", { secret: writerSecret, body: {} });
    for (const answer of [first, second]) {
      expect(answer.status).toBe(201);
      expect(answer.json).toMatchObject({ role: "reader", serviceToken: false, memberId: acme.writer.memberId });
      expect(answer.json.name).toMatch(/^Unnamed token [0-9a-f]{8}$/);
    }
    expect(first.json.name).not.toBe(second.json.name);
  });

  it("answers with every field LaunchDarkly's Token model requires, and a _member with _links", async () => {
    const answer = await apiCall("POST", "/tokens", { secret: writerSecret, body: { name: unique("shape") } });
    expect(answer.status).toBe(201);
    const required = ["_id", "ownerId", "memberId", "creationDate", "lastModified", "_links"];
    for (const field of required) expect(answer.json[field], field).toBeDefined();
    expect(answer.json._member).toEqual({
      _links: { self: { href: `/api/v2/members/${acme.writer.memberId}`, type: "application/json" } },
      _id: acme.writer.memberId,
      email: expect.any(String),
      firstName: expect.anything(),
      lastName: expect.anything(),
      role: "writer",
    });
  });
});

describe(`LaunchDarkly-style inline policies (${testDatabaseKind})`, () => {
  it("stores an inline policy in LaunchDarkly's vocabulary and shows it back as it was sent", async () => {
    const created = await createInline(ownerSecret, LD_POLICY);
    expect(created.status, created.text).toBe(201);
    expect(created.json.inlineRole).toEqual(LD_POLICY);
    const read = await apiCall("GET", `/tokens/${String(created.json._id)}`, { secret: ownerSecret });
    expect(read.json.inlineRole).toEqual(LD_POLICY);
  });

  it("gives such a token nothing Tollgate checks that its statements do not name, and nothing through tags it cannot see", async () => {
    const created = await createInline(ownerSecret, LD_POLICY);
    const secret = String(created.json.token);
    // `proj/*;mobile,web` needs both tags: a project with one of them (or whose tags the check cannot see) is not matched.
    expect((await apiCall("POST", "/projects", { secret, body: { key: unique("p").replace(/\W/g, "-").toLowerCase(), name: "Mobile", tags: ["mobile"] } })).status).toBe(403);
    expect((await apiCall("DELETE", `/members/${acme.reader.memberId}`, { secret })).status).toBe(403);
    expect((await apiCall("POST", "/roles", { secret, body: { key: "sneaky", name: "Sneaky", policy: [{ effect: "allow", actions: ["*"], resources: ["*"] }] } })).status).toBe(403);
    expect((await apiCall("POST", "/tokens", { secret, body: { name: unique("minted") } })).status).toBe(403);
  });

  it("refuses an unknown action with a precise message and a suggestion, and writes nothing", async () => {
    const before = await apiCall("GET", "/tokens?limit=1", { secret: ownerSecret });
    const answer = await createInline(ownerSecret, [{ effect: "allow", actions: ["updateOnn"], resources: ["proj/*:env/*:flag/*"] }]);
    expect(answer.status).toBe(400);
    expect(answer.json.message).toContain('Unknown action "updateOnn" in statement 1; did you mean "updateOn"?');
    const after = await apiCall("GET", "/tokens?limit=1", { secret: ownerSecret });
    expect(after.json.totalCount).toBe(before.json.totalCount);
  });

  it("refuses a misspelt scoped resource kind, naming the closest one", async () => {
    const answer = await createInline(ownerSecret, [{ effect: "allow", actions: ["updateOn"], resources: ["proj/*:evn/*:flag/*"] }]);
    expect(answer.status).toBe(400);
    expect(answer.json.message).toContain('Unknown resource kind "evn" in "proj/*:evn/*:flag/*" in statement 1; did you mean "env"?');
  });

  it("changes a token's inline policy to a LaunchDarkly-style one through PATCH", async () => {
    const created = await createInline(ownerSecret, [{ effect: "allow", actions: ["viewProject"], resources: ["proj/*"] }]);
    const patched = await apiCall("PATCH", `/tokens/${String(created.json._id)}`, {
      secret: ownerSecret,
      body: [{ op: "replace", path: "/inlineRole", value: LD_POLICY }],
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.inlineRole).toEqual(LD_POLICY);
  });

  it("accepts a custom role whose policy is written in LaunchDarkly's vocabulary", async () => {
    const answer = await apiCall("POST", "/roles", { secret: ownerSecret, body: { key: unique("ld-role").replace(/\W/g, "-").toLowerCase(), name: "Flag togglers", policy: LD_POLICY } });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.json.policy).toEqual(LD_POLICY);
  });
});

describe(`LD-API-Version and the token list (${testDatabaseKind})`, () => {
  let lister: TestAccount;
  let listerSecret: string;
  const TOKENS = 30;

  beforeAll(async () => {
    lister = await createTestAccount();
    ({ secret: listerSecret } = await createAccessToken(lister.writer, { name: "lister", permission: { kind: "role", role: "writer" } }));
    for (let i = 1; i < TOKENS; i++) await createAccessToken(lister.writer, { name: `t${i}`, permission: { kind: "role", role: "reader" } });
  });

  const list = (path: string, headers: Record<string, string> = {}, secret = listerSecret) => apiCall("GET", path, { secret, headers });

  it("pages the list from 20240415 on: 25 by default, limit and offset honoured", async () => {
    const answer = await list("/tokens", { "LD-API-Version": "20240415" });
    expect(answer.headers.get("LD-API-Version")).toBe("20240415");
    expect(answer.json.items).toHaveLength(25);
    expect(answer.json.totalCount).toBe(TOKENS);
    expect((answer.json._links as Record<string, unknown>).next).toBeDefined();
    expect((await list("/tokens?limit=5&offset=28", { "LD-API-Version": "20240415" })).json.items).toHaveLength(2);
  });

  it("answers every token at once before 20240415, ignoring limit and offset, as LaunchDarkly did", async () => {
    for (const version of ["20220603", "20210729", "20191212"]) {
      const answer = await list("/tokens?limit=5&offset=10", { "LD-API-Version": version });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("LD-API-Version")).toBe(version);
      expect(answer.json.items, version).toHaveLength(TOKENS);
      expect(answer.json.totalCount).toBe(TOKENS);
      expect(answer.json._links).toEqual({ self: { href: "/api/v2/tokens", type: "application/json" } });
    }
  });

  it("answers in the calling token's default version when no header is sent", async () => {
    const { secret } = await createAccessToken(lister.writer, { name: "old script", permission: { kind: "role", role: "reader" }, defaultApiVersion: 20220603 });
    const answer = await list("/tokens", {}, secret);
    expect(answer.headers.get("LD-API-Version")).toBe("20220603");
    expect(answer.json.items).toHaveLength(TOKENS + 1);
  });

  it("accepts beta, answers in the current version and echoes beta", async () => {
    for (const beta of ["beta", "BETA"]) {
      const answer = await list("/tokens", { "LD-API-Version": beta });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("LD-API-Version")).toBe("beta");
      expect(answer.json.items).toHaveLength(25);
    }
  });

  it("still refuses a version it does not know, naming the ones it does", async () => {
    const answer = await list("/tokens", { "LD-API-Version": "20200101" });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toBe("Unknown LD-API-Version; supported: 20240415, 20220603, 20210729, 20191212 or beta");
  });
});
