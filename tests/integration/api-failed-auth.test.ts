import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { FAILED_AUTH_WINDOW_SECONDS } from "@/lib/api";
import { env } from "@/lib/env";
import { createAccessToken } from "@/lib/tokens";
import { generateTokenSecret } from "@/lib/secrets";
import { createTestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";

// The failed-authentication limit refuses guesses, not clients: many honest clients can share
// one address (CI runners behind a NAT), and one of them sending bad tokens must not cut the
// others off. A valid token is never refused by it; invalid ones from a blocked address are.

let valid: string;
beforeAll(async () => {
  const a = await createTestAccount();
  valid = (await createAccessToken(a.writer, { name: "ci", permission: { kind: "role", role: "reader" } })).secret;
});
afterAll(() => closeDatabase());

const tokensFrom = (ip: string, secret: string) => apiCall("GET", "/tokens", { secret, ip });

/** Sends invalid tokens from `ip` until it is blocked: the limit's worth get 401, the next 429. */
async function getBlocked(ip: string) {
  for (let i = 0; i < env().apiFailedAuthLimit; i++) expect((await tokensFrom(ip, generateTokenSecret())).status).toBe(401);
  expectRateLimited(await tokensFrom(ip, generateTokenSecret()));
}

function expectRateLimited(answer: { status: number; headers: Headers; json: unknown }) {
  expect(answer.status).toBe(429);
  expect(answer.json).toEqual({ code: "rate_limited", message: "Too many failed authentication attempts; try again later", id: expect.any(String) });
  const retryAfter = Number(answer.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(FAILED_AUTH_WINDOW_SECONDS);
}

describe(`the failed-authentication limit (${testDatabaseKind})`, () => {
  it("never refuses a valid token, even from an address blocked for sending invalid ones", async () => {
    const nat = "203.0.113.50";
    await getBlocked(nat);
    expect((await tokensFrom(nat, valid)).status).toBe(200);
    expect((await tokensFrom(nat, valid)).status).toBe(200);
  });

  it("keeps refusing invalid tokens of every kind from a blocked address with 429 and Retry-After, also after a valid one got through", async () => {
    const nat = "203.0.113.51";
    await getBlocked(nat);
    expect((await tokensFrom(nat, valid)).status).toBe(200);
    // Unknown but well-formed (a lookup), malformed and bad-checksum (refused before the database).
    const badChecksum = valid.slice(0, -1) + (valid.endsWith("A") ? "B" : "A");
    for (const invalid of [generateTokenSecret(), "api-not-a-token", badChecksum, ""]) expectRateLimited(await tokensFrom(nat, invalid));
  });

  it("leaves other addresses their ordinary answers", async () => {
    await getBlocked("203.0.113.52");
    expect((await tokensFrom("203.0.113.53", generateTokenSecret())).status).toBe(401);
    expect((await tokensFrom("203.0.113.53", valid)).status).toBe(200);
  });
});
