import { testDatabaseKind } from "../helpers/env";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { field, FUZZ_TIMEOUT_MS, fuzzOptions, nastyNumber, nastyPolicy, nastyString, patchBody, rawBody } from "../helpers/fuzz";
import { createApiFixture, expectNothingWritten, send, snapshot, type ApiFixture } from "../helpers/fuzz-api";

// SECURITY.md, property 5, for the token endpoints and what every endpoint shares (query strings,
// path parameters, headers): whatever arrives, the answer is a 2xx or a 4xx `{code, message}`
// (checked in `send`), never a 5xx, and a refused write leaves no trace — no row, no history
// entry, no change. A failure prints fast-check's seed and the smallest input that fails.

// A fuzzer sends more than the per-token fairness limit allows; that limit is not under test here.
process.env.TOLLGATE_API_RATE_LIMIT = "10000000";

let fx: ApiFixture;
beforeAll(async () => {
  fx = await createApiFixture();
  expect(env().apiRateLimit).toBe(10_000_000);
});
afterAll(() => closeDatabase());
vi.setConfig({ testTimeout: FUZZ_TIMEOUT_MS });

type Who = keyof ApiFixture["secrets"];
const anyone: fc.Arbitrary<Who> = fc.constantFrom("owner", "writer", "reader");
const mostlyOwner: fc.Arbitrary<Who> = fc.constantFrom("owner", "owner", "owner", "writer");
let unique = 0;

const tokenBody = fc.record(
  {
    name: field(fc.string({ minLength: 1, maxLength: 20 })),
    description: field(fc.string({ maxLength: 20 })),
    role: field(fc.constantFrom("reader", "writer", "admin", "owner")),
    customRoleIds: field(fc.array(fc.string({ maxLength: 24 }), { maxLength: 2 })),
    inlineRole: nastyPolicy,
    serviceToken: field(fc.boolean()),
    defaultApiVersion: field(fc.constantFrom(20240415, 20220603, 20210729, 20191212)),
  },
  { requiredKeys: [] },
);

const PATCH_PATHS = ["/name", "/description", "/role", "/customRoleIds", "/inlineRole", "/defaultApiVersion", "/inlineRole/0", "/inlineRole/-",
  "/inlineRole/0/actions/-", "/name/0", "/serviceToken", "/expiresAt", "", "/", "/__proto__", "/inlineRole/__proto__",
  "/inlineRole/constructor/prototype", "/name/~1x", "/~0"];
describe(`fuzzing the token endpoints (${testDatabaseKind})`, () => {
  it("POST /tokens: any body is a 201 or a clean 4xx, and a refusal writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(anyone, rawBody(tokenBody), async (who, body) => {
        const before = await snapshot(fx);
        const sent = await send("POST", "/api/v2/tokens", { secret: fx.secrets[who], body });
        if (sent.status !== 201) return expectNothingWritten(fx, before, `POST /tokens ${body.slice(0, 100)}`);
        const after = await snapshot(fx);
        expect([after.counts.tokens, after.counts.history]).toEqual([before.counts.tokens + 1, before.counts.history + 1]);
      }),
      fuzzOptions(),
    );
  });

  it("PATCH /tokens/:id: any patch is applied whole or not at all", async () => {
    await fc.assert(
      fc.asyncProperty(mostlyOwner, rawBody(patchBody(PATCH_PATHS)), async (who, body) => {
        const before = await snapshot(fx);
        const sent = await send("PATCH", `/api/v2/tokens/${fx.tokenId}`, { secret: fx.secrets[who], body });
        if (sent.status !== 200) return expectNothingWritten(fx, before, `PATCH ${body.slice(0, 100)}`);
        expect((await snapshot(fx)).counts.history - before.counts.history).toBeLessThanOrEqual(1);
      }),
      fuzzOptions(),
    );
  });

  it("reset and clone: any expiry and any body are answered cleanly, and a refusal writes nothing", async () => {
    const expiry = fc.oneof(nastyString, nastyNumber.map(String), fc.constant(String(Date.now() + 3_600_000)));
    const cloneBody = fc.oneof(rawBody(fc.record({ name: field(fc.string({ maxLength: 30 })) }, { requiredKeys: [] })), fc.constant(undefined));
    await fc.assert(
      fc.asyncProperty(mostlyOwner, expiry, cloneBody, async (who, expiresAt, body) => {
        const secret = fx.secrets[who];
        let before = await snapshot(fx);
        const reset = await send("POST", `/api/v2/tokens/${fx.tokenId}/reset?expiry=${encodeURIComponent(expiresAt.toWellFormed())}`, { secret });
        if (reset.status !== 200) await expectNothingWritten(fx, before, `reset with expiry ${expiresAt.slice(0, 50)}`);
        before = await snapshot(fx);
        const clone = await send("POST", `/api/v2/tokens/${fx.tokenId}/clone`, { secret, ...(body === undefined ? {} : { body }) });
        if (clone.status !== 201) await expectNothingWritten(fx, before, `clone with ${body?.slice(0, 100)}`);
        else expect((await snapshot(fx)).counts.tokens).toBe(before.counts.tokens + 1);
      }),
      fuzzOptions(),
    );
  });

  it("duplicate JSON keys: the last one wins, and it is the value that was checked", async () => {
    const key = fc.constantFrom("name", "role", "description", "serviceToken");
    const value = fc.oneof(fc.constantFrom("reader", "writer", "owner"), fc.string({ maxLength: 10 }), fc.boolean());
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 8 }), async (pairs) => {
        const name = `dup ${++unique}`;
        const raw = `{"name":${JSON.stringify(name)},${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`;
        const parsed = JSON.parse(raw) as Record<string, unknown>;
        const sent = await send("POST", "/api/v2/tokens", { secret: fx.secrets.writer, body: raw });
        if (parsed.role === "owner") expect(sent.status, "a writer can never mint an owner token").not.toBe(201);
        if (sent.status !== 201) return;
        const made = sent.body as Record<string, unknown>;
        expect([made.name, made.role, made.serviceToken]).toEqual([String(parsed.name).trim(), parsed.role ?? "reader", parsed.serviceToken ?? false]);
      }),
      fuzzOptions(),
    );
  });
});

const QUERY_KEYS = ["limit", "offset", "showAll", "filter", "before", "after", "targetKind", "targetId", "action", "memberId", "expiry", "type"];
const queryValue = fc.oneof(nastyString, nastyNumber.map(String), fc.constantFrom("true", "1", "", "-1", "1e308", "0x10", "Infinity", "NaN", "token"));
const BROKEN_ESCAPES = ["%", "%zz", "%E0%A4%A", "%00", "%C0%AF", "%F0%9F", "%ED%A0%80", "a%2Fb", "%2e%2e"];

describe(`fuzzing what every endpoint shares (${testDatabaseKind})`, () => {
  it("any query string on every list endpoint", async () => {
    const pair = fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), nastyString), queryValue);
    const query = fc.oneof(
      fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k.toWellFormed())}=${encodeURIComponent(v.toWellFormed())}`).join("&")),
      fc.array(fc.constantFrom(...BROKEN_ESCAPES, "limit=", "=1", "&&", "limit=1&limit=2", "showAll"), { maxLength: 3 }).map((parts) => parts.join("&")),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("tokens", "members", "projects", "roles", "auditlog"), query, anyone, async (resource, q, who) => {
        const sent = await send("GET", `/api/v2/${resource}?${q}`, { secret: fx.secrets[who] });
        expect([200, 400, 403]).toContain(sent.status);
      }),
      fuzzOptions(),
    );
  });

  it("any path parameter with any method finds nothing and writes nothing", async () => {
    const ROUTES = [["GET", "/tokens/:x"], ["PATCH", "/tokens/:x"], ["DELETE", "/tokens/:x"], ["POST", "/tokens/:x/reset"], ["POST", "/tokens/:x/clone"],
      ["GET", "/members/:x"], ["PATCH", "/members/:x"], ["DELETE", "/members/:x"], ["GET", "/roles/:x"], ["PATCH", "/roles/:x"], ["DELETE", "/roles/:x"],
      ["GET", "/projects/:x"], ["PATCH", "/projects/:x"], ["DELETE", "/projects/:x"], ["GET", "/auditlog/:x"]] as const;
    const segment = fc.oneof(nastyString.filter((s) => s !== "" && s.length < 20_000).map((s) => encodeURIComponent(s.toWellFormed())), fc.constantFrom(...BROKEN_ESCAPES));
    const body = JSON.stringify([{ op: "replace", path: "/name", value: "renamed" }]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), segment, mostlyOwner, async ([method, route], x, who) => {
        const before = await snapshot(fx);
        const sent = await send(method, `/api/v2${route.replace(":x", x)}`, { secret: fx.secrets[who], ...(method === "PATCH" ? { body } : {}) });
        expect(sent.status).toBeGreaterThanOrEqual(400);
        await expectNothingWritten(fx, before, `${method} ${route} with ${x.slice(0, 50)}`);
      }),
      fuzzOptions(),
    );
  });

  it("any LD-API-Version, Authorization or Content-Type header", async () => {
    const latin1 = fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c)), maxLength: 60 });
    const authorization = fc.oneof(
      latin1.map((v) => () => v),
      fc.constantFrom((s: string) => `Bearer ${s}`, (s: string) => `bearer ${s}`, (s: string) => `Bearer  ${s}`, (s: string) => s.slice(0, -1),
        (s: string) => `${s}x`, (s: string) => `Bearer ${s}, Bearer ${s}`, (s: string) => `Basic ${Buffer.from(`x:${s}`).toString("base64")}`),
    );
    const version = fc.oneof(fc.constantFrom("20240415", "20191212", " 20220603 ", "2024-04-15", "020240415", "1e308"), latin1);
    const headers = fc.record({ version, type: latin1, auth: fc.option(authorization) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(headers, fc.constantFrom("GET", "POST"), async (h, method) => {
        const before = await snapshot(fx);
        const secret = h.auth ? h.auth(fx.secrets.writer) : fx.secrets.writer;
        const sent = await send(method, "/api/v2/tokens", {
          // Each run from its own address: refused credentials count against the caller's address.
          ip: `203.0.113.${++unique % 250}`,
          secret,
          headers: { ...(h.version === undefined ? {} : { "LD-API-Version": h.version }), ...(h.type === undefined ? {} : { "Content-Type": h.type }) },
          ...(method === "POST" ? { body: JSON.stringify({ name: `header ${unique}` }) } : {}),
        });
        if (sent.status !== 201) await expectNothingWritten(fx, before, "a request with odd headers");
      }),
      fuzzOptions(),
    );
  });
});
