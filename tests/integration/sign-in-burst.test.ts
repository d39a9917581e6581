import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { SIGN_IN_FAILURE_LIMIT, signInWithPassword } from "@/lib/auth";

// Every password check is counted: the throttle is only worth something if a burst of guesses
// sent all at once gets no more of them checked than the same guesses sent one after another.
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/secrets", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/secrets")>();
  return {
    ...original,
    verifyPassword: async (...args: Parameters<typeof original.verifyPassword>) => {
      checks.count++;
      return original.verifyPassword(...args);
    },
    verifyAgainstDummy: async (...args: Parameters<typeof original.verifyAgainstDummy>) => {
      checks.count++;
      return original.verifyAgainstDummy(...args);
    },
  };
});

beforeAll(async () => {
  await seedDemo(await database());
});
afterAll(closeDatabase);
beforeEach(() => {
  checks.count = 0;
});

const ip = () => `198.51.100.${Math.floor(Math.random() * 250)}-${Math.random()}`;
const BURST = 4 * SIGN_IN_FAILURE_LIMIT;

/** The client may still fail SIGN_IN_FAILURE_LIMIT times before it is throttled. */
async function expectFullAllowance(client: string) {
  for (let i = 0; i < SIGN_IN_FAILURE_LIMIT; i++) {
    expect(await signInWithPassword({ email: "writer@acme.test", password: `wrong-${i}`, clientIp: client })).toEqual({ ok: false, reason: "invalid" });
  }
  expect(await signInWithPassword({ email: "writer@acme.test", password: "one-too-many", clientIp: client })).toMatchObject({ ok: false, reason: "throttled" });
}

describe("the sign-in throttle under a burst", () => {
  it("checks at most the limit's worth of passwords when one client sends a burst of wrong guesses at once", async () => {
    const attacker = ip();
    const results = await Promise.all(
      Array.from({ length: BURST }, (_, i) => signInWithPassword({ email: "owner@acme.test", password: `burst-${i}`, clientIp: attacker })),
    );
    const invalid = results.filter((r) => !r.ok && r.reason === "invalid").length;
    const throttled = results.filter((r) => !r.ok && r.reason === "throttled").length;
    expect({ checked: checks.count, invalid, throttled }).toEqual({
      checked: SIGN_IN_FAILURE_LIMIT,
      invalid: SIGN_IN_FAILURE_LIMIT,
      throttled: BURST - SIGN_IN_FAILURE_LIMIT,
    });
    // The right password, arriving after the burst, is not checked either.
    expect(await signInWithPassword({ email: "owner@acme.test", password: DEMO_PASSWORD, clientIp: attacker })).toMatchObject({ ok: false, reason: "throttled" });
    expect(checks.count).toBe(SIGN_IN_FAILURE_LIMIT);
  });

  it("checks at most the limit's worth for unknown emails too", async () => {
    const attacker = ip();
    await Promise.all(Array.from({ length: BURST }, (_, i) => signInWithPassword({ email: `ghost-${i}@acme.test`, password: "nope", clientIp: attacker })));
    expect(checks.count).toBe(SIGN_IN_FAILURE_LIMIT);
  });

  it("never throttles a member for signing in successfully, however often", async () => {
    const client = ip();
    for (let i = 0; i < 2 * SIGN_IN_FAILURE_LIMIT; i++) {
      expect((await signInWithPassword({ email: "writer@acme.test", password: DEMO_PASSWORD, clientIp: client })).ok).toBe(true);
    }
    await expectFullAllowance(client);
  });

  it("leaves nothing on the counter after a burst of successful sign-ins from one address", async () => {
    // More sign-ins at the very same moment than the limit (say, an office behind one address):
    // those past the limit while the others are being checked may be asked to retry, but none
    // of them counts as a failure afterwards.
    const client = ip();
    const results = await Promise.all(
      Array.from({ length: 2 * SIGN_IN_FAILURE_LIMIT }, () => signInWithPassword({ email: "writer@acme.test", password: DEMO_PASSWORD, clientIp: client })),
    );
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(SIGN_IN_FAILURE_LIMIT);
    expect(results.every((r) => r.ok || r.reason === "throttled")).toBe(true);
    await expectFullAllowance(client);
  });

  it("leaves other clients alone while one is throttled by its burst", async () => {
    const attacker = ip();
    await Promise.all(Array.from({ length: BURST }, (_, i) => signInWithPassword({ email: "owner@acme.test", password: `burst-${i}`, clientIp: attacker })));
    expect((await signInWithPassword({ email: "owner@acme.test", password: DEMO_PASSWORD, clientIp: ip() })).ok).toBe(true);
  });
});
