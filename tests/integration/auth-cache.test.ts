import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, databaseQueryCount } from "@/db/client";
import { authCacheStatus, authenticateApiToken } from "@/lib/auth";
import { removeMember, updateMemberRoles } from "@/lib/members";
import { createRole, updateRole } from "@/lib/roles";
import { createAccessToken, deleteAccessToken, resetAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { reader } from "../helpers/fixtures";
import { changeElsewhere, cutNotificationConnection } from "../helpers/other-instance";

// Property 3 (SECURITY.md): an instance answers a token it has just authenticated from memory — and a change to
// that token, its member or their roles is refused or applied on the very next request, whether
// this instance made it or another one did (lib/auth/token-cache.ts, migration 0002).
afterAll(() => closeDatabase());

let a: TestAccount;

/** Waits until the instance receives change notifications (on PostgreSQL its LISTEN connects in the background). */
const cacheOn = () => expect.poll(async () => (await authCacheStatus()).trusted, { timeout: 15_000 }).toBe(true);

async function queriesDuring(fn: () => Promise<unknown>): Promise<number> {
  const before = databaseQueryCount();
  await fn();
  return databaseQueryCount() - before;
}

/**
 * Authenticates until the answer comes from memory: the first lookup also writes lastUsed, and
 * on PostgreSQL the notifications of the writes before it arrive shortly after and drop it.
 */
async function cached(secret: string) {
  await cacheOn();
  await expect
    .poll(
      async () => {
        expect(await authenticateApiToken(secret, null)).not.toBeNull();
        return queriesDuring(() => authenticateApiToken(secret, null));
      },
      { timeout: 5_000, interval: 50 },
    )
    .toBe(0);
}

beforeAll(async () => {
  a = await createTestAccount();
});

describe(`the authentication cache (${testDatabaseKind})`, () => {
  it("answers a repeated authentication from memory, with this request's client address", async () => {
    const { secret } = await createAccessToken(a.writer, { name: "busy client", permission: reader });
    await cached(secret);
    let caller;
    expect(await queriesDuring(async () => (caller = await authenticateApiToken(`Bearer ${secret}`, "192.0.2.10")))).toBe(0);
    expect(caller!.actor.ip).toBe("192.0.2.10");
    expect(caller!.member.id).toBe(a.writer.memberId);
    // lastUsed bookkeeping (an update of the token row) does not drop the entry.
    expect(await queriesDuring(() => authenticateApiToken(secret, null))).toBe(0);
  });

  it("refuses a deleted token on the next request though it was cached", async () => {
    const token = await createAccessToken(a.writer, { name: "to delete", permission: reader });
    await cached(token.secret);
    await deleteAccessToken(a.writer, token.token.id);
    expect(await authenticateApiToken(token.secret, null)).toBeNull();
  });

  it("refuses a cached old secret at once after a reset, or right after its grace period", async () => {
    const token = await createAccessToken(a.writer, { name: "to reset", permission: reader });
    await cached(token.secret);
    const second = await resetAccessToken(a.writer, token.token.id);
    expect(await authenticateApiToken(token.secret, null)).toBeNull();

    await cached(second.secret);
    const graceEnds = new Date(Date.now() + 1_500);
    const third = await resetAccessToken(a.writer, token.token.id, { oldSecretExpiresAt: graceEnds });
    await cached(second.secret); // valid during its grace period, and cached again
    await expect.poll(() => authenticateApiToken(second.secret, null), { timeout: 5_000, interval: 100 }).toBeNull();
    expect(Date.now()).toBeGreaterThanOrEqual(graceEnds.getTime());
    expect(await authenticateApiToken(third.secret, null)).not.toBeNull();
  });

  it("applies a demotion, a custom role edit and a removal to a cached personal token on the next request", async () => {
    const editor = await createRole(a.owner, { key: `cache-${Math.random().toString(36).slice(2, 8)}`, name: "Cache test", policy: [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }] });
    const member = await a.addMember("writer");
    await updateMemberRoles(a.owner, member.memberId, { customRoleIds: [editor.id] });
    const { secret } = await createAccessToken(member, { name: "laptop", permission: { kind: "role", role: "writer" } });
    await cached(secret);

    await updateMemberRoles(a.owner, member.memberId, { role: "reader" });
    expect((await authenticateApiToken(secret, null))!.actor.memberRole).toBe("reader");

    await cached(secret);
    await updateRole(a.owner, editor.key, { policy: [{ effect: "deny", actions: ["*"], resources: ["*"] }] });
    const after = await authenticateApiToken(secret, null);
    expect(JSON.stringify(after!.actor.memberPolicy)).toContain("deny");

    await cached(secret);
    await removeMember(a.owner, member.memberId);
    expect(await authenticateApiToken(secret, null)).toBeNull();
  });

  it("drops a cached token when another instance changes it (the database's notification)", async () => {
    const token = await createAccessToken(a.writer, { name: "changed elsewhere", permission: reader });
    await cached(token.secret);
    const revoke = `update token_secrets set expires_at = now() - interval '1 second' where token_id = '${token.token.id}'`;
    await changeElsewhere(revoke);
    if (testDatabaseKind === "postgres") {
      await expect.poll(() => authenticateApiToken(token.secret, null), { timeout: 2_000, interval: 20 }).toBeNull();
    } else {
      // The embedded database's notification arrived before the statement returned.
      expect(await authenticateApiToken(token.secret, null)).toBeNull();
    }
  });

  it.skipIf(testDatabaseKind !== "postgres")("stops answering from memory while its notification connection is down, and resumes once it is back", async () => {
    const { secret } = await createAccessToken(a.writer, { name: "across outages", permission: reader });
    await cached(secret);
    expect(await cutNotificationConnection()).toBeGreaterThan(0);
    await expect.poll(async () => (await authCacheStatus()).trusted, { timeout: 5_000, interval: 20 }).toBe(false);
    expect(await queriesDuring(() => authenticateApiToken(secret, null))).toBeGreaterThan(0);
    await cached(secret);
  });
});
