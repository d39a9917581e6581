import { testDatabaseKind } from "../helpers/env";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase } from "@/db/client";
import { deepArrayJson, deepObjectJson, field, FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzOptions, mostly, nastyPolicy, nastyString, patchBody, rawBody } from "../helpers/fuzz";
import { createApiFixture, expectNothingWritten, send, snapshot, type ApiFixture } from "../helpers/fuzz-api";

// SECURITY.md, property 5, for members, roles and projects, and for the raw bodies no generator
// stumbles on by chance: nesting 10k deep, over the size limit, duplicate keys. Each answer is a
// 2xx or a 4xx `{code, message}` (checked in `send`); a refused write leaves no trace.

// A fuzzer sends more than the per-token fairness limit allows; that limit is not under test here.
process.env.TOLLGATE_API_RATE_LIMIT = "10000000";

let fx: ApiFixture;
beforeAll(async () => {
  fx = await createApiFixture();
});
afterAll(() => closeDatabase());
vi.setConfig({ testTimeout: FUZZ_TIMEOUT_MS });

const asOwnerOrWriter = fc.constantFrom<"owner" | "writer">("owner", "owner", "writer");
const key = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/);

/** Sends a write; a refusal must leave everything as it was, an acceptance must add what it says. */
async function checkWrite(method: string, path: string, body: string, who: "owner" | "writer", grows?: keyof Awaited<ReturnType<typeof snapshot>>["counts"]) {
  const before = await snapshot(fx);
  const sent = await send(method, `/api/v2${path}`, { secret: fx.secrets[who], body });
  if (sent.status >= 400) return expectNothingWritten(fx, before, `${method} ${path} ${body.slice(0, 100)}`);
  if (grows) expect((await snapshot(fx)).counts[grows], `${method} ${path} was accepted`).toBeGreaterThan(before.counts[grows]);
}

describe(`fuzzing roles, projects and members (${testDatabaseKind})`, () => {
  it("POST /roles: any key, name, description or policy (huge ones too)", async () => {
    const role = fc.record({ key: field(key), name: field(fc.string({ minLength: 1, maxLength: 20 })), description: field(fc.string()), policy: nastyPolicy }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(role), (who, body) => checkWrite("POST", "/roles", body, who, "roles")), fuzzOptions());
  });

  it("PATCH /roles/:key: any patch is applied whole or not at all", async () => {
    const paths = ["/name", "/description", "/policy", "/policy/0", "/policy/-", "/policy/0/actions/-", "/key", "/policy/__proto__", "/basePermissions"];
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(patchBody(paths)), (who, body) => checkWrite("PATCH", `/roles/${fx.roleKey}`, body, who)), fuzzOptions());
  });

  it("PATCH /roles/:key: any merge patch is applied whole or not at all", async () => {
    const fields = fc.record(
      {
        name: field(fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null))),
        description: field(fc.oneof(fc.string(), fc.constant(null))),
        policy: nastyPolicy,
        basePermissions: field(fc.oneof(fc.constantFrom("reader", "no_access", "admin"), fc.constant(null))),
        key: field(key),
        __proto__: field(fc.constant({ polluted: true })),
      },
      { requiredKeys: [] },
    );
    const merge = fc.oneof(fields, fc.record({ merge: fc.oneof(fields, fc.string()), comment: field(fc.string()) }, { requiredKeys: ["merge"] }));
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(merge), (who, body) => checkWrite("PATCH", `/roles/${fx.roleKey}`, body, who)), fuzzOptions());
  });

  it("POST /projects: any key, name or tags", async () => {
    const environment = fc.record(
      { key: field(key), name: field(fc.string({ maxLength: 10 })), color: field(fc.constantFrom("417505", "zzz", "")), defaultTtl: field(fc.integer()), critical: field(fc.boolean()), source: field(fc.constant({ key: "production" })) },
      { requiredKeys: [] },
    );
    const project = fc.record(
      {
        key: field(key),
        name: field(fc.string({ minLength: 1, maxLength: 20 })),
        tags: field(fc.array(fc.oneof(fc.string(), nastyString), { maxLength: 60 })),
        includeInSnippetByDefault: field(fc.boolean()),
        defaultClientSideAvailability: field(fc.record({ usingEnvironmentId: field(fc.boolean()), usingMobileKey: field(fc.boolean()) }, { requiredKeys: [] })),
        environments: field(fc.array(environment, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(project), (who, body) => checkWrite("POST", "/projects", body, who, "projects")), fuzzOptions());
  });

  it("PATCH /projects/:key: any patch is applied whole or not at all", async () => {
    const paths = ["/name", "/tags", "/tags/0", "/tags/-", "/key", "/tags/__proto__", "/includeInSnippetByDefault", "/defaultClientSideAvailability", "/defaultClientSideAvailability/usingMobileKey", "/environments"];
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(patchBody(paths)), (who, body) => checkWrite("PATCH", `/projects/${fx.projectKey}`, body, who)), fuzzOptions());
  });

  it("PUT and PATCH /projects/:key/flag-defaults: applied whole or not at all", async () => {
    const booleanDefaults = fc.record(
      { trueDisplayName: field(fc.string({ maxLength: 10 })), falseDisplayName: field(nastyString), trueDescription: field(fc.string()), falseDescription: field(fc.string()), onVariation: field(fc.integer({ min: -1, max: 2 })), offVariation: field(fc.integer({ min: -1, max: 2 })) },
      { requiredKeys: [] },
    );
    const defaults = fc.record(
      { tags: field(fc.array(fc.oneof(fc.string(), nastyString), { maxLength: 5 })), temporary: field(fc.boolean()), booleanDefaults: field(booleanDefaults), defaultClientSideAvailability: field(fc.record({ usingEnvironmentId: field(fc.boolean()), usingMobileKey: field(fc.boolean()) }, { requiredKeys: [] })) },
      { requiredKeys: [] },
    );
    const paths = ["/tags", "/tags/-", "/temporary", "/booleanDefaults", "/booleanDefaults/onVariation", "/defaultClientSideAvailability/usingMobileKey", "/key", "/__proto__"];
    const path = `/projects/${fx.projectKey}/flag-defaults`;
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(defaults), (who, body) => checkWrite("PUT", path, body, who)), fuzzOptions(Math.ceil(FUZZ_RUNS / 2)));
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(fc.oneof(patchBody(paths), defaults)), (who, body) => checkWrite("PATCH", path, body, who)), fuzzOptions(Math.ceil(FUZZ_RUNS / 2)));
  });

  it("POST /members: a list of invitations is accepted whole or refused whole", async () => {
    // Mostly plausible entries, so that a bad one often follows good ones that must not be kept.
    const email = fc.oneof({ weight: 4, arbitrary: fc.emailAddress() }, fc.constantFrom("target@fuzz.test", "TARGET@fuzz.test", "not an email"), nastyString);
    const invite = fc.record(
      { email: mostly(email), firstName: mostly(fc.string({ maxLength: 10 })), lastName: mostly(fc.string({ maxLength: 10 })), role: mostly(fc.constantFrom("reader", "writer", "admin", "owner")) },
      { requiredKeys: ["email"] },
    );
    const invites = fc.oneof(fc.array(invite, { minLength: 1, maxLength: 3 }), invite);
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(invites), (who, body) => checkWrite("POST", "/members", body, who, "members")), fuzzOptions(Math.ceil(FUZZ_RUNS / 2)));
  });

  it("PATCH /members/:id: any patch of roles is applied whole or not at all", async () => {
    const paths = ["/role", "/customRoles", "/customRoles/0", "/customRoles/-", "/email", "/customRoles/__proto__"];
    await fc.assert(fc.asyncProperty(asOwnerOrWriter, rawBody(patchBody(paths)), (who, body) => checkWrite("PATCH", `/members/${fx.memberId}`, body, who)), fuzzOptions());
  });
});

/** A JSON text that nests `depth` levels inside the field every write endpoint reads. */
const deepIn = (field: string, depth = 10_000) => `{"name":"deep","key":"deep-key","email":"deep@fuzz.test","${field}":${deepArrayJson(depth)}}`;
const deepPatch = (path: string, depth = 10_000) => `[{"op":"add","path":"${path}","value":${deepArrayJson(depth)}}]`;
const OVERSIZED = JSON.stringify({ name: "big", key: "big", description: "x".repeat(1024 * 1024) });

/** Each write endpoint, with the field of its body that holds a list (where nesting is plausible). */
const WRITES: { method: "POST" | "PATCH" | "PUT"; path: (fx: ApiFixture) => string; list: string }[] = [
  { method: "POST", path: () => "/tokens", list: "inlineRole" },
  { method: "PATCH", path: (f) => `/tokens/${f.tokenId}`, list: "inlineRole" },
  { method: "POST", path: (f) => `/tokens/${f.tokenId}/clone`, list: "name" },
  { method: "POST", path: () => "/roles", list: "policy" },
  { method: "PATCH", path: (f) => `/roles/${f.roleKey}`, list: "policy" },
  { method: "POST", path: () => "/projects", list: "tags" },
  { method: "PATCH", path: (f) => `/projects/${f.projectKey}`, list: "tags" },
  { method: "PUT", path: (f) => `/projects/${f.projectKey}/flag-defaults`, list: "tags" },
  { method: "PATCH", path: (f) => `/projects/${f.projectKey}/flag-defaults`, list: "tags" },
  { method: "POST", path: () => "/members", list: "role" },
  { method: "PATCH", path: (f) => `/members/${f.memberId}`, list: "customRoles" },
];

function bodiesFor(write: (typeof WRITES)[number]): string[] {
  const inList = write.method === "PATCH"
    ? [deepPatch(`/${write.list}`), `[{"op":"add","path":"/${write.list}/__proto__","value":[1]}]`, `[{"op":"replace","path":"/${write.list}/constructor/prototype","value":1}]`]
    : [deepIn(write.list), deepIn(write.list).replace(deepArrayJson(10_000), deepObjectJson(10_000))];
  const everywhere = [deepArrayJson(10_000), deepObjectJson(10_000), deepArrayJson(200_000), OVERSIZED, "{".repeat(600_000), "\u0000"];
  // Well-formed but for its duplicate keys, whose last values are each invalid: the last one is checked.
  const duplicates = '{"name":"dup","name":"dup\\u0000","key":"dup-key","key":"DUP KEY","email":"y@fuzz.test","email":"not an email"}';
  return [...inList, ...everywhere, duplicates];
}

describe(`raw bodies no generator finds by chance (${testDatabaseKind})`, () => {
  for (const write of WRITES) {
    it(`${write.method} ${write.path({ tokenId: ":id", roleKey: ":key", projectKey: ":key", memberId: ":id" } as ApiFixture)}: deep, huge and malformed bodies are refused cleanly`, async () => {
      for (const body of bodiesFor(write)) {
        const before = await snapshot(fx);
        const sent = await send(write.method, `/api/v2${write.path(fx)}`, { secret: fx.secrets.owner, body });
        expect(sent.status, body.slice(0, 80)).toBeGreaterThanOrEqual(400);
        await expectNothingWritten(fx, before, `${write.method} with ${body.slice(0, 60)}`);
      }
    });
  }

  it("a list of invitations with one bad entry invites nobody", async () => {
    for (const second of [{ email: "not an email" }, { email: "target@fuzz.test" }, { email: "first@fuzz.test" }, { email: "x@fuzz.test", role: "king" }]) {
      const before = await snapshot(fx);
      const sent = await send("POST", "/api/v2/members", { secret: fx.secrets.owner, body: JSON.stringify([{ email: "first@fuzz.test" }, second]) });
      expect(sent.status).toBeGreaterThanOrEqual(400);
      await expectNothingWritten(fx, before, `inviting first@fuzz.test and ${JSON.stringify(second)}`);
    }
  });

  it("duplicate keys cannot smuggle a role past the check: the last one is checked and stored", async () => {
    const body = '{"name":"smuggled","role":"reader","role":"owner"}';
    const before = await snapshot(fx);
    expect((await send("POST", "/api/v2/tokens", { secret: fx.secrets.writer, body })).status).toBe(403);
    await expectNothingWritten(fx, before, "a writer's owner token");
    const made = await send("POST", "/api/v2/tokens", { secret: fx.secrets.writer, body: '{"name":"first","name":"last","role":"owner","role":"reader"}' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: "last", role: "reader" });
  });
});
