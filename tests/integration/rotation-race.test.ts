import { testDatabaseKind } from "../helpers/env";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { createApiApp } from "@/lib/api";
import { authenticateApiToken, CLIENT_IP_HEADER } from "@/lib/auth";
import { isDomainError } from "@/lib/errors";
import { generateTokenSecret } from "@/lib/secrets";
import { createAccessToken, resetAccessToken } from "@/lib/tokens";
import { createTestAccount } from "../helpers/accounts";

// The attack on rotation: someone holding a leaked secret keeps resets of its token in flight
// (each authenticated before its transaction starts), always calling with the newest secret it
// got back, while the token's owner resets it without a grace period to lock them out. Once the
// owner's reset has returned and the attacker's requests in flight have settled, the attacker
// must hold no working secret. On PostgreSQL the transactions really overlap; on the embedded
// database they take turns, but each request still authenticates before its turn comes.
afterAll(() => closeDatabase());

const TRIALS = 6;
const ATTACKERS = 8;
const writer = { kind: "role", role: "writer" } as const;

const live = async (secret: string) => (await authenticateApiToken(`Bearer ${secret}`, null)) !== null;

async function trial(): Promise<{ attackerLive: number; victimLive: boolean; unexpected: unknown[] }> {
  const a = await createTestAccount();
  const { token, secret: leaked } = await createAccessToken(a.writer, { name: "rotating", permission: writer });
  const held = [leaked];
  const unexpected: unknown[] = [];
  let victimDone = false;
  let firstAttack!: () => void;
  const attacking = new Promise<void>((resolve) => (firstAttack = resolve));

  async function attacker(): Promise<void> {
    // Keeps going until the owner's reset has returned, then sends one more: the request in
    // flight at that moment is the one that used to win.
    for (let last = false; ; ) {
      last = victimDone;
      const caller = await authenticateApiToken(`Bearer ${held[held.length - 1]}`, null);
      if (caller) {
        try {
          held.push((await resetAccessToken(caller.actor, token.id)).secret);
        } catch (error) {
          if (!isDomainError(error) || error.kind !== "unauthenticated") unexpected.push(error);
        }
      }
      firstAttack();
      if (last) return;
    }
  }

  const attackers = Array.from({ length: ATTACKERS }, attacker);
  await attacking;
  const victim = await resetAccessToken(a.writer, token.id);
  victimDone = true;
  await Promise.all(attackers);
  let attackerLive = 0;
  for (const secret of held) if (await live(secret)) attackerLive++;
  return { attackerLive, victimLive: await live(victim.secret), unexpected };
}

describe(`rotation under attack (${testDatabaseKind})`, () => {
  it(`leaves the attacker no live secret after the owner resets without grace, over ${TRIALS} trials`, async () => {
    const results = [];
    for (let i = 0; i < TRIALS; i++) results.push(await trial());
    expect(results.map((r) => r.unexpected)).toEqual(results.map(() => []));
    expect(results.map((r) => ({ attackerLive: r.attackerLive, victimLive: r.victimLive }))).toEqual(
      results.map(() => ({ attackerLive: 0, victimLive: true })),
    );
  }, 120_000);

  it("answers the resets that lost a race for one secret with the same 401 as any other refusal", async () => {
    const a = await createTestAccount();
    const { token, secret } = await createAccessToken(a.writer, { name: "contended", permission: writer });
    const api = createApiApp();
    let client = 0;
    const call = async (method: string, path: string, credential: string) => {
      // A fresh client address each time: this test is about answers, not the failed-auth limit.
      // One request id for all, which the error body's `id` repeats, so equal answers are equal bytes.
      const response = await api.request(path, { method, headers: { authorization: credential, [CLIENT_IP_HEADER]: `192.0.2.${++client}`, "X-Request-Id": "refusal-check" } });
      return { status: response.status, headers: [...response.headers.entries()], body: await response.text() };
    };
    const refusal = await call("GET", "/api/v2/tokens", generateTokenSecret());
    expect(refusal.status).toBe(401);
    // All of them authenticate with the same secret; the first reset to commit ends it, so each
    // of the others is refused — at the door, or inside its transaction once it gets its turn.
    const answers = await Promise.all(Array.from({ length: 10 }, () => call("POST", `/api/v2/tokens/${token.id}/reset`, secret)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((r) => r.status !== 200)) expect(answer).toEqual(refusal);
  });
});
