import { expect, test, type APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import { generateTokenSecret } from "../lib/secrets";
import { withPostgres } from "./database";
import { memberWithToken } from "./members";
import { CLIENT, observed, requestFrom } from "./net";
import { apiTokenOf, E2E_DB, E2E_PORT, SERVER_LOG, storageStateOf, UNAUTHORIZED_BODY } from "./support";

// Property 6 (SECURITY.md): one answer for every refusal, so a refusal tells a caller nothing
// about which tokens exist or once did. Malformed values, bad checksums and a missing header are
// covered in api-tokens.spec.ts ("every refused credential gets the same 401 body"). Refused
// calls go out from addresses of their own (e2e/net.ts) so they don't use up 127.0.0.1's
// failed-authentication allowance, which the rest of the suite shares.
const auth = (token: string) => ({ headers: { Authorization: token } });
const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

async function createToken(request: APIRequestContext, name: string) {
  const response = await request.post("/api/v2/tokens", { ...auth(apiTokenOf("writer")), data: { name: unique(name) } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { _id: string; token: string };
}

const call = (from: string, path: string, headers: Record<string, string> = {}, method = "GET", body?: string) =>
  requestFrom(from, E2E_PORT, { method, path, headers: body ? { "Content-Type": "application/json", ...headers } : headers, body });

test.describe("one answer for every refusal", () => {
  test("unknown, deleted, reset, past-grace, removed-member and expired tokens get byte-identical 401 responses", async ({ request, browser }) => {
    const writer = apiTokenOf("writer");
    const refused: Record<string, string> = { unknown: generateTokenSecret() };

    const deleted = await createToken(request, "refused deleted");
    expect((await request.delete(`/api/v2/tokens/${deleted._id}`, auth(writer))).status()).toBe(204);
    refused.deleted = deleted.token;

    const reset = await createToken(request, "refused reset");
    expect((await request.post(`/api/v2/tokens/${reset._id}/reset`, auth(writer))).status()).toBe(200);
    refused.reset = reset.token;

    const person = await memberWithToken(request, browser, "writer");
    expect((await request.delete(`/api/v2/members/${person.id}`, auth(apiTokenOf("admin")))).status()).toBe(204);
    refused.removedMember = person.secret;

    if (E2E_DB === "postgres") {
      // Expiration dates are whole days ahead, so an expired token is made by moving the date back
      // (the embedded database is the server's alone: tests/integration/api-refusals.test.ts covers it).
      const expired = await createToken(request, "refused expired");
      await withPostgres((db) => db.query("update access_tokens set expires_at = now() - interval '1 minute' where id = $1", [expired._id]));
      refused.expired = expired.token;
    }

    const graced = await createToken(request, "refused past grace");
    expect((await request.post(`/api/v2/tokens/${graced._id}/reset?expiry=${Date.now() + 1_500}`, auth(writer))).status()).toBe(200);
    await expect.poll(async () => (await call(CLIENT.revokedTokens, "/api/v2/tokens", { Authorization: graced.token })).status, { timeout: 15_000 }).toBe(401);
    refused.pastGrace = graced.token;

    const answers = new Map<string, ReturnType<typeof observed>>();
    for (const [reason, token] of Object.entries(refused)) {
      answers.set(reason, observed(await call(CLIENT.revokedTokens, "/api/v2/tokens", { Authorization: token })));
    }
    const first = answers.get("unknown")!;
    expect(first.status).toBe(401);
    expect(first.body).toBe(UNAUTHORIZED_BODY);
    for (const [reason, answer] of answers) expect(answer, reason).toEqual(first);
  });

  test("a token in the query string is refused, and never reaches the server's log", async ({ request }) => {
    const { token } = await createToken(request, "query string");
    const unauthenticated = observed(await call(CLIENT.queryTokens, "/api/v2/tokens"));
    expect(unauthenticated.body).toBe(UNAUTHORIZED_BODY);
    for (const name of ["token", "access_token", "authorization", "api_key", "apiKey"]) {
      const query = `${name}=${encodeURIComponent(token)}`;
      expect(observed(await call(CLIENT.queryTokens, `/api/v2/tokens?${query}`)), name).toEqual(unauthenticated);
      expect((await call(CLIENT.queryTokens, `/api/v2/tokens?${query}`, {}, "POST", '{"name":"via query"}')).status, name).toBe(401);
      // Nor does the console take it as a credential.
      const page = await call(CLIENT.queryTokens, `/settings/authorization?${query}`);
      expect(page.status).toBe(307);
      expect(page.headers["location"]).toMatch(/^\/login$|^http:\/\/localhost:\d+\/login$/);
    }
    expect((await request.get("/api/v2/tokens", auth(token))).status()).toBe(200); // it was a live token
    const log = readFileSync(SERVER_LOG, "utf8");
    expect(log).toContain("Tollgate is serving on"); // the log is the server's
    expect(log).not.toContain(token);
  });

  test("a signed-in browser session is no credential for the API, for reads or writes", async ({ request }) => {
    // (A read alone: api-tokens.spec.ts, "a signed-in browser session without a token gets 401".)
    const { cookies } = JSON.parse(readFileSync(storageStateOf("owner"), "utf8")) as { cookies: { name: string; value: string }[] };
    const Cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const name = unique("cookie-made");
    const target = await createToken(request, "cookie target");
    for (const response of [
      await call(CLIENT.sessionOnly, "/api/v2/members/me", { Cookie }),
      await call(CLIENT.sessionOnly, "/api/v2/tokens", { Cookie }, "POST", JSON.stringify({ name })),
      await call(CLIENT.sessionOnly, `/api/v2/tokens/${target._id}`, { Cookie }, "DELETE"),
    ]) {
      expect(response.status).toBe(401);
      expect(observed(response).body).toBe(UNAUTHORIZED_BODY);
    }
    const owned = await (await request.get("/api/v2/tokens?showAll=true&limit=1000", auth(apiTokenOf("owner")))).json();
    expect(owned.items.map((t: { name: string }) => t.name)).not.toContain(name);
    expect((await request.get("/api/v2/tokens", auth(target.token))).status()).toBe(200);
    // The same cookie is a session on the console's side: the refusal is the API's choice.
    expect((await call(CLIENT.sessionOnly, "/settings/authorization", { Cookie })).status).toBe(200);
  });

  test("proxy-bypass and internal routing headers change nothing", async () => {
    // Headers that made other Next.js deployments skip middleware (CVE-2025-29927), trust a
    // forged host or address, or re-route a request. Tollgate checks in every page, action and
    // route, so none of them may matter; forged addresses vs. the rate limit: brute-force.spec.ts.
    const bypass: Record<string, string>[] = [
      { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
      { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
      { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
      { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-port": "443" },
      { "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1", "x-tollgate-client-ip": "127.0.0.1" },
      { "x-original-url": "/api/v2", "x-rewrite-url": "/api/v2" },
      { "x-invoke-path": "/api/v2", "x-matched-path": "/api/v2", "x-now-route-matches": "1", "x-nextjs-data": "1" },
    ];
    const refusedApi = observed(await call(CLIENT.bypassHeaders, "/api/v2/tokens"));
    for (const headers of bypass) {
      const label = JSON.stringify(headers);
      for (const path of ["/settings/authorization", "/settings/members", "/settings/roles", "/settings/history", "/settings/profile"]) {
        const page = await call(CLIENT.bypassHeaders, path, headers);
        expect(page.status, `${path} ${label}`).toBe(307);
        expect(page.headers["location"], `${path} ${label}`).toMatch(/^\/login$|^http:\/\/localhost:\d+\/login$/);
        expect(page.body).not.toContain("Acme");
      }
      expect(observed(await call(CLIENT.bypassHeaders, "/api/v2/tokens", headers)), label).toEqual(refusedApi);
      // …and they do not get in the way of a real token either.
      expect((await call(CLIENT.bypassHeaders, "/api/v2/tokens", { ...headers, Authorization: apiTokenOf("reader") })).status, label).toBe(200);
    }
  });
});
