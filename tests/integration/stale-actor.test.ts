import { testDatabaseKind } from "../helpers/env";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokens, auditLog, members, sessions } from "@/db/schema";
import { authenticateApiToken, hashSessionSecret, loadMemberActor, startSession } from "@/lib/auth";
import { inviteMember, removeMember, resendInvitation, resetMemberPassword, revokeInvitation, updateMemberRoles } from "@/lib/members";
import { createProject, setFlagDefaults, updateProject } from "@/lib/projects";
import { createRole } from "@/lib/roles";
import { createAccessToken, deleteAccessToken, resetAccessToken, updateAccessToken } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { actorOfSecret } from "../helpers/token-actor";
import { reader } from "../helpers/fixtures";

// An actor is built when a request arrives; the write it asks for runs a moment later. Whatever
// happened to its credential in between (a reset, a deletion, an expiry, a removal, a demotion)
// must stop the write: each test loads an actor, changes its credential behind its back, and
// then lets it try every kind of write.
afterAll(() => closeDatabase());

const admin = { kind: "role", role: "admin" } as const;
const refused = { kind: "unauthenticated" };
let n = 0;

async function historyCount(a: TestAccount): Promise<number> {
  const db = await database();
  const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.accountId, a.accountId));
  return Number(row?.n ?? 0);
}

async function tokenCount(a: TestAccount): Promise<number> {
  const db = await database();
  const [row] = await db.select({ n: count() }).from(accessTokens).where(eq(accessTokens.accountId, a.accountId));
  return Number(row?.n ?? 0);
}

const actorOf = (secret: string): Promise<Actor> => actorOfSecret(`Bearer ${secret}`, "198.51.100.9");

/** An admin's personal admin token, as the attacker's request authenticated it. */
async function leakedAdminToken(a: TestAccount) {
  const leaked = await createAccessToken(a.admin, { name: `laptop ${++n}`, permission: admin });
  return { token: leaked.token, attacker: await actorOf(leaked.secret) };
}

/** Every write the stale actor tries is refused, and none of them leaves anything behind. */
async function expectEveryWriteRefused(a: TestAccount, stale: Actor, tokenId: string) {
  const pending = await inviteMember(a.owner, { email: `pending-${++n}@example.test`, role: "reader" });
  const before = { history: await historyCount(a), tokens: await tokenCount(a) };
  const name = `attacker ${++n}`;
  await expect(resetAccessToken(stale, tokenId)).rejects.toMatchObject(refused);
  await expect(resetAccessToken(stale, tokenId, { oldSecretExpiresAt: new Date(Date.now() + 3_600_000) })).rejects.toMatchObject(refused);
  await expect(updateAccessToken(stale, tokenId, { description: "mine now" })).rejects.toMatchObject(refused);
  await expect(createAccessToken(stale, { name, permission: reader })).rejects.toMatchObject(refused);
  await expect(createAccessToken(stale, { name, serviceToken: true, permission: reader })).rejects.toMatchObject(refused);
  await expect(deleteAccessToken(stale, tokenId)).rejects.toMatchObject(refused);
  await expect(createProject(stale, { key: `p-${n}`, name: "Attacker's" })).rejects.toMatchObject(refused);
  await expect(updateProject(stale, `p-${n}`, { includeInSnippetByDefault: true })).rejects.toMatchObject(refused);
  await expect(setFlagDefaults(stale, `p-${n}`, {})).rejects.toMatchObject(refused);
  const policy = [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }];
  await expect(createRole(stale, { key: `r-${n}`, name: "Attacker's", policy })).rejects.toMatchObject(refused);
  await expect(inviteMember(stale, { email: `${name.replace(" ", "-")}@example.test`, role: "writer" })).rejects.toMatchObject(refused);
  await expect(updateMemberRoles(stale, a.reader.memberId, { role: "writer" })).rejects.toMatchObject(refused);
  await expect(removeMember(stale, a.reader.memberId)).rejects.toMatchObject(refused);
  await expect(resendInvitation(stale, pending.member.id)).rejects.toMatchObject(refused);
  await expect(revokeInvitation(stale, pending.member.id)).rejects.toMatchObject(refused);
  await expect(resetMemberPassword(stale, a.reader.memberId)).rejects.toMatchObject(refused);
  expect({ history: await historyCount(a), tokens: await tokenCount(a) }).toEqual(before);
}

describe(`a write re-checks its caller's credential (${testDatabaseKind})`, () => {
  it("refuses every write made in a console session that ended after the request was authenticated", async () => {
    const a = await createTestAccount();
    const secret = await startSession({ memberId: a.admin.memberId, userAgent: null, ip: null });
    const db = await database();
    const [row] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.secretHash, hashSessionSecret(secret)));
    const signedIn = (await loadMemberActor(a.admin.memberId, "198.51.100.9", row!.id))!;
    const { token } = await createAccessToken(signedIn, { name: `session ${++n}`, permission: reader });
    // Signed out elsewhere (Sign out on this session, a password change, a reset).
    await db.update(sessions).set({ endedAt: new Date() }).where(eq(sessions.id, row!.id));
    await expectEveryWriteRefused(a, signedIn, token.id);
  });

  it("refuses every write made with a secret that was reset away after authentication", async () => {
    const a = await createTestAccount();
    const { token, attacker } = await leakedAdminToken(a);
    const victim = await resetAccessToken(a.admin, token.id);
    await expectEveryWriteRefused(a, attacker, token.id);
    // The victim's new secret is the one that works, and the token is untouched.
    expect(await authenticateApiToken(`Bearer ${victim.secret}`, null)).not.toBeNull();
  });

  it("refuses every write made with a token deleted after authentication", async () => {
    const a = await createTestAccount();
    const { token, attacker } = await leakedAdminToken(a);
    await deleteAccessToken(a.admin, token.id);
    await expectEveryWriteRefused(a, attacker, token.id);
  });

  it("refuses every write made with a token that expired after authentication", async () => {
    const a = await createTestAccount();
    const { token, attacker } = await leakedAdminToken(a);
    const db = await database();
    await db.update(accessTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accessTokens.id, token.id));
    await expectEveryWriteRefused(a, attacker, token.id);
  });

  it("refuses every write made with a personal token whose member was removed after authentication", async () => {
    const a = await createTestAccount();
    const { token, attacker } = await leakedAdminToken(a);
    await removeMember(a.owner, a.admin.memberId);
    await expectEveryWriteRefused(a, attacker, token.id);
  });

  it("refuses every write made with a personal token whose member was demoted after authentication", async () => {
    const a = await createTestAccount();
    const { token, attacker } = await leakedAdminToken(a);
    await updateMemberRoles(a.owner, a.admin.memberId, { role: "writer" });
    await expectEveryWriteRefused(a, attacker, token.id);
  });

  it("refuses every write made with a token whose own role was lowered after authentication", async () => {
    const a = await createTestAccount();
    const { token, attacker } = await leakedAdminToken(a);
    await updateAccessToken(a.admin, token.id, { permission: reader });
    await expectEveryWriteRefused(a, attacker, token.id);
  });

  it("refuses every write of a console member removed or demoted between loading the actor and writing", async () => {
    const a = await createTestAccount();
    const { token } = await createAccessToken(a.admin, { name: "own", permission: admin });
    const removed = await a.addMember("admin");
    const demoted = await a.addMember("admin");
    await removeMember(a.owner, removed.memberId);
    await updateMemberRoles(a.owner, demoted.memberId, { role: "writer" });
    await expectEveryWriteRefused(a, removed, token.id);
    await expectEveryWriteRefused(a, demoted, token.id);
    const db = await database();
    const [row] = await db.select({ role: members.role }).from(members).where(and(eq(members.id, demoted.memberId)));
    expect(row?.role).toBe("writer");
  });

  it("still lets a token reset itself without a grace period, which ends the secret it called with", async () => {
    const a = await createTestAccount();
    const own = await createAccessToken(a.writer, { name: "self-rotating", permission: { kind: "role", role: "writer" } });
    const actor = await actorOf(own.secret);
    const rotated = await resetAccessToken(actor, own.token.id);
    expect(await authenticateApiToken(`Bearer ${own.secret}`, null)).toBeNull();
    // The new secret works, and can rotate itself again.
    await expect(resetAccessToken(await actorOf(rotated.secret), own.token.id)).resolves.toMatchObject({ token: { id: own.token.id } });
  });

  it("still lets a token delete itself", async () => {
    const a = await createTestAccount();
    const own = await createAccessToken(a.writer, { name: "self-deleting", permission: { kind: "role", role: "writer" } });
    await expect(deleteAccessToken(await actorOf(own.secret), own.token.id)).resolves.toBeUndefined();
    expect(await authenticateApiToken(`Bearer ${own.secret}`, null)).toBeNull();
  });

  it("keeps a service token's writes working after its creator is removed, as its authentication does", async () => {
    const a = await createTestAccount();
    const creator = await a.addMember("admin");
    const svc = await createAccessToken(creator, { name: "deploy", serviceToken: true, permission: admin });
    const actor = await actorOf(svc.secret);
    await removeMember(a.owner, creator.memberId);
    await expect(createAccessToken(actor, { name: "child", serviceToken: true, permission: reader })).resolves.toBeDefined();
  });
});
