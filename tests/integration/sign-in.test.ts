import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accounts, customRoles, members, rateLimits } from "@/db/schema";
import { DEMO_MEMBERS, DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { loadSessionMember, SIGN_IN_FAILURE_LIMIT, signInWithPassword, startSession } from "@/lib/auth";

beforeAll(async () => {
  await seedDemo(await database());
});
afterAll(closeDatabase);

const ip = () => `203.0.113.${Math.floor(Math.random() * 250)}-${Math.random()}`;

describe("demo data", () => {
  it("seeds the Acme account idempotently: running it again adds nothing", async () => {
    const db = await database();
    await seedDemo(db);
    await Promise.all([seedDemo(db), seedDemo(db)]);
    const acme = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.name, "Acme"));
    expect(acme).toHaveLength(1);
    const people = await db.select({ email: members.email, role: members.role }).from(members).where(eq(members.accountId, acme[0]!.id));
    expect(people.map((p) => `${p.email}:${p.role}`).sort()).toEqual(DEMO_MEMBERS.map((m) => `${m.email}:${m.role}`).sort());
    const roles = await db.select({ key: customRoles.key }).from(customRoles).where(eq(customRoles.accountId, acme[0]!.id));
    expect(roles.map((r) => r.key).sort()).toEqual(["project-editor", "token-auditor"]);
  });
});

describe("signing in with a password", () => {
  for (const demo of DEMO_MEMBERS) {
    it(`signs in the demo ${demo.role} and records when`, async () => {
      const result = await signInWithPassword({ email: demo.email, password: DEMO_PASSWORD, clientIp: ip() });
      expect(result).toMatchObject({ ok: true, member: { email: demo.email, role: demo.role } });
      const db = await database();
      const [row] = await db.select({ at: members.lastSignInAt }).from(members).where(sql`lower(${members.email}) = ${demo.email}`);
      expect(row?.at).toBeInstanceOf(Date);
    });
  }

  it("ignores the case of the email and surrounding spaces", async () => {
    const result = await signInWithPassword({ email: "  Writer@ACME.test ", password: DEMO_PASSWORD, clientIp: ip() });
    expect(result.ok).toBe(true);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const wrong = await signInWithPassword({ email: "writer@acme.test", password: "nope", clientIp: ip() });
    const unknown = await signInWithPassword({ email: "ghost@acme.test", password: "nope", clientIp: ip() });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("refuses input of the wrong shape without throwing", async () => {
    for (const [email, password] of [[undefined, undefined], [42, {}], ["a".repeat(10_000), "x"], ["writer@acme.test", ["x"]]] as const) {
      expect(await signInWithPassword({ email, password, clientIp: ip() })).toMatchObject({ ok: false });
    }
  });

  it("refuses a removed member even with the right password", async () => {
    const db = await database();
    await db.update(members).set({ removedAt: new Date() }).where(sql`lower(${members.email}) = 'reader@acme.test'`);
    try {
      expect(await signInWithPassword({ email: "reader@acme.test", password: DEMO_PASSWORD, clientIp: ip() })).toEqual({ ok: false, reason: "invalid" });
    } finally {
      await db.update(members).set({ removedAt: null }).where(sql`lower(${members.email}) = 'reader@acme.test'`);
    }
  });

  it("throttles one client after repeated failures, without locking out other clients", async () => {
    const attacker = ip();
    for (let i = 0; i < SIGN_IN_FAILURE_LIMIT - 1; i++) {
      expect(await signInWithPassword({ email: "owner@acme.test", password: `guess-${i}`, clientIp: attacker })).toEqual({ ok: false, reason: "invalid" });
    }
    const last = await signInWithPassword({ email: "owner@acme.test", password: "guess-last", clientIp: attacker });
    expect(last.ok).toBe(false);
    // Even the right password is refused while the client is throttled, with a time to retry.
    const blocked = await signInWithPassword({ email: "owner@acme.test", password: DEMO_PASSWORD, clientIp: attacker });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    expect(blocked.ok === false && blocked.reason === "throttled" && blocked.retryAfterSeconds).toBeGreaterThan(60);
    // Somebody else, from another address, signs in as usual.
    expect((await signInWithPassword({ email: "owner@acme.test", password: DEMO_PASSWORD, clientIp: ip() })).ok).toBe(true);
  });

  it("keeps the failure counters in the database, where every instance sees them", async () => {
    const attacker = ip();
    await signInWithPassword({ email: "owner@acme.test", password: "nope", clientIp: attacker });
    const db = await database();
    const rows = await db.select({ points: rateLimits.points }).from(rateLimits).where(eq(rateLimits.key, `sign-in-failures:${attacker}`));
    expect(rows[0]?.points).toBe(1);
  });
});

describe("the session's member", () => {
  it("is re-read from the database, so a role change or a removal applies at once", async () => {
    const db = await database();
    const [writer] = await db.select({ id: members.id }).from(members).where(sql`lower(${members.email}) = 'writer@acme.test'`);
    const sid = await startSession({ memberId: writer!.id, userAgent: null, ip: null });
    expect((await loadSessionMember(writer!.id, sid))?.role).toBe("writer");
    await db.update(members).set({ role: "reader" }).where(eq(members.id, writer!.id));
    expect((await loadSessionMember(writer!.id, sid))?.role).toBe("reader");
    await db.update(members).set({ removedAt: new Date() }).where(eq(members.id, writer!.id));
    expect(await loadSessionMember(writer!.id, sid)).toBeNull();
    await db.update(members).set({ role: "writer", removedAt: null }).where(eq(members.id, writer!.id));
  });

  it("is null for an id that names nobody, or a session secret of another member", async () => {
    const db = await database();
    const [writer] = await db.select({ id: members.id }).from(members).where(sql`lower(${members.email}) = 'writer@acme.test'`);
    const [owner] = await db.select({ id: members.id }).from(members).where(sql`lower(${members.email}) = 'owner@acme.test'`);
    const ownersSession = await startSession({ memberId: owner!.id, userAgent: null, ip: null });
    expect(await loadSessionMember("000000000000000000000000", ownersSession)).toBeNull();
    expect(await loadSessionMember(writer!.id, ownersSession)).toBeNull();
  });
});
