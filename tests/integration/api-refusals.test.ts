import { testDatabaseKind } from "../helpers/env";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokens, tokenSecrets } from "@/db/schema";
import { createApiApp } from "@/lib/api";
import { CLIENT_IP_HEADER } from "@/lib/auth";
import { generateTokenSecret, hashTokenSecret } from "@/lib/secrets";
import { createAccessToken, deleteAccessToken, resetAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { reader } from "../helpers/fixtures";

// Property 6 (SECURITY.md) at the API's door, on both databases, for the refusals an HTTP test
// can't easily stage: an expired token and a secret whose grace period has ended are made by
// moving their dates back. Every refusal must be the same response, byte for byte (each request
// sends the same X-Request-Id, which the error body's `id` repeats).
const api = createApiApp();
let a: TestAccount;
const refused: Record<string, string | undefined> = {};

beforeAll(async () => {
  a = await createTestAccount();
  const db = await database();
  const make = (name: string, actor = a.writer) => createAccessToken(actor, { name, permission: reader });

  const live = await make("live");
  const deleted = await make("deleted");
  await deleteAccessToken(a.writer, deleted.token.id);
  const reset = await make("reset");
  await resetAccessToken(a.writer, reset.token.id);
  const graced = await make("graced");
  await resetAccessToken(a.writer, graced.token.id, { oldSecretExpiresAt: new Date(Date.now() + 3600_000) });
  await db.update(tokenSecrets).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(tokenSecrets.hash, hashTokenSecret(graced.secret)));
  const expired = await make("expired");
  await db.update(accessTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accessTokens.id, expired.token.id));
  const leaver = await a.addMember("writer");
  const leaversToken = await make("leaver's", leaver);
  await a.removeMember(leaver.memberId);

  const wellFormed = live.secret;
  Object.assign(refused, {
    "no header": undefined,
    empty: "",
    "Bearer and nothing": "Bearer ",
    malformed: "api-not-a-token",
    "bad checksum": wellFormed.slice(0, -1) + (wellFormed.endsWith("A") ? "B" : "A"),
    unknown: generateTokenSecret(),
    deleted: deleted.secret,
    "reset without grace": reset.secret,
    "past its grace period": graced.secret,
    expired: expired.secret,
    "of a removed member": leaversToken.secret,
  });
  refused["(control) live"] = live.secret;
});
afterAll(() => closeDatabase());

let client = 0;
async function call(token: string | undefined) {
  // A fresh client address each time: this test is about answers, not the failed-auth limit.
  const headers: Record<string, string> = { [CLIENT_IP_HEADER]: `192.0.2.${++client}`, "X-Request-Id": "refusal-check" };
  if (token !== undefined) headers.authorization = token;
  const response = await api.request("/api/v2/tokens", { headers });
  return { status: response.status, headers: [...response.headers.entries()], body: await response.text() };
}

describe(`one answer for every refused token (${testDatabaseKind})`, () => {
  it("gives every refused credential the same status, headers and body", async () => {
    const { "(control) live": live, ...rest } = refused;
    expect((await call(live)).status).toBe(200);
    const answers = await Promise.all(Object.entries(rest).map(async ([reason, token]) => [reason, await call(token)] as const));
    const [, first] = answers[0]!;
    expect(first.status).toBe(401);
    expect(first.body).toBe('{"code":"unauthorized","message":"Invalid or missing access token","id":"refusal-check"}');
    for (const [reason, answer] of answers) expect(answer, reason).toEqual(first);
  });
});
