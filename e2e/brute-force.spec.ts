import { expect, test } from "@playwright/test";
import { FAILED_AUTH_LIMIT, FAILED_AUTH_WINDOW_SECONDS } from "../lib/api";
import { SIGN_IN_FAILURE_LIMIT } from "../lib/auth";
import { generateTokenSecret } from "../lib/secrets";
import { CLIENT, requestFrom, signInFrom, startRelay } from "./net";
import { apiTokenOf, DEMO, DEMO_PASSWORD, E2E_PORT, EXTRA_PORT, signIn } from "./support";

// Property 7 (SECURITY.md): guessing is throttled per client, and one client's lockout is not
// anyone else's. Each attacker below connects from its own loopback address (e2e/net.ts), so the
// rest of the suite — on 127.0.0.1 — is never blocked by this spec.

/** Headers a client might hope the server takes its address from; none of them is trusted. */
const forgedAddress = (i: number): Record<string, string> => ({
  "X-Tollgate-Client-IP": `198.51.100.${i}`,
  "X-Forwarded-For": `198.51.100.${i}`,
  "X-Real-IP": `198.51.100.${i}`,
  Forwarded: `for=198.51.100.${i}`,
});

const tokens = (from: string, token: string, headers: Record<string, string> = {}) =>
  requestFrom(from, E2E_PORT, { path: "/api/v2/tokens", headers: { Authorization: token, ...headers } });

test.describe("brute force", () => {
  test("repeated invalid tokens from one client get 429 with Retry-After, whatever address it claims; other clients are unaffected", async () => {
    // Well-formed, checksummed, unknown tokens: each costs the server a real lookup. Each attempt
    // claims another address in every header a proxy might set.
    for (let i = 0; i < FAILED_AUTH_LIMIT; i++) {
      expect((await tokens(CLIENT.apiAttacker, generateTokenSecret(), forgedAddress(i))).status).toBe(401);
    }
    const blocked = await tokens(CLIENT.apiAttacker, generateTokenSecret(), forgedAddress(99));
    expect(blocked.status).toBe(429);
    expect(JSON.parse(blocked.body)).toEqual({ code: "rate_limited", message: "Too many failed authentication attempts; try again later", id: blocked.headers["x-request-id"] });
    const retryAfter = Number(blocked.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(FAILED_AUTH_WINDOW_SECONDS);
    // The block refuses guesses, not the client: its invalid tokens of every kind keep getting
    // 429 (the well-formed ones cost a lookup each, the malformed none), its valid ones get through.
    expect((await tokens(CLIENT.apiAttacker, "api-not-a-token")).status).toBe(429);
    expect((await tokens(CLIENT.apiAttacker, apiTokenOf("reader"))).status).toBe(200);
    expect((await tokens(CLIENT.apiAttacker, generateTokenSecret())).status).toBe(429);

    // Another client, also claiming forged addresses, still gets the ordinary answers.
    expect((await tokens(CLIENT.apiBystander, generateTokenSecret(), forgedAddress(1))).status).toBe(401);
    expect((await tokens(CLIENT.apiBystander, apiTokenOf("reader"))).status).toBe(200);
  });

  test("a blocked address's valid tokens still work, so clients sharing it (CI behind one NAT) keep their API; its invalid ones get 429 with Retry-After", async () => {
    // A misconfigured job and a healthy one behind the same address.
    for (let i = 0; i <= FAILED_AUTH_LIMIT; i++) await tokens(CLIENT.sharedNat, generateTokenSecret());
    const refused = await tokens(CLIENT.sharedNat, generateTokenSecret());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(FAILED_AUTH_WINDOW_SECONDS);

    const healthy = await tokens(CLIENT.sharedNat, apiTokenOf("writer"));
    expect(healthy.status).toBe(200);
    expect(JSON.parse(healthy.body)).toHaveProperty("items");
    const badChecksum = apiTokenOf("writer").slice(0, -1) + (apiTokenOf("writer").endsWith("A") ? "B" : "A");
    for (const invalid of [badChecksum, "api-not-a-token", generateTokenSecret()]) {
      const answer = await tokens(CLIENT.sharedNat, invalid);
      expect(answer.status).toBe(429);
      expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
    }
  });

  test("repeated wrong passwords from one client get the sign-in form's throttle message with a retry time; another client still signs in", async ({ browser }) => {
    for (let i = 0; i < SIGN_IN_FAILURE_LIMIT; i++) {
      const attempt = await signInFrom(CLIENT.signInAttacker, E2E_PORT, DEMO.owner.email, `guess-${i}`);
      expect(attempt.error).toBe("Incorrect email or password.");
    }

    // The sign-in form, in a browser whose connections reach the server from the attacker's
    // address: even the right password is refused, with the time to wait.
    const relay = await startRelay(EXTRA_PORT.browserRelay, { host: "127.0.0.1", port: E2E_PORT, localAddress: CLIENT.signInAttacker });
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${EXTRA_PORT.browserRelay}` });
    try {
      const page = await context.newPage();
      await signIn(page, DEMO.owner.email, DEMO_PASSWORD);
      await expect(page.locator("form").getByRole("alert")).toHaveText(/^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/);
      await expect(page).toHaveURL(/\/login/);
    } finally {
      await context.close();
      await relay.close();
    }

    // The member is not locked out: from anywhere else, the right password works.
    const bystander = await signInFrom(CLIENT.signInBystander, E2E_PORT, DEMO.owner.email, DEMO_PASSWORD);
    expect(bystander.error).toBeNull();
    expect(bystander.setCookies.join("\n")).toMatch(/next-auth\.session-token=/);
  });
});
