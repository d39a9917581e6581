import { testDatabaseKind } from "../helpers/env";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokens, tokenSecrets } from "@/db/schema";
import { Forbidden, Invalid, NotFound } from "@/lib/errors";
import { hashTokenSecret } from "@/lib/secrets";
import { createAccessToken, deleteAccessToken, getVisibleToken, resetAccessToken, updateAccessToken } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { historyOf } from "../helpers/history";
import { uniqueNames } from "../helpers/names";
import { HOUR, DAY, reader } from "../helpers/fixtures";

let a: TestAccount;
beforeAll(async () => {
  a = await createTestAccount({
    customRoles: [
      { key: "ops", policy: [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }] },
      // May rename and describe own tokens, but not re-scope them or give them a "prod-" name.
      {
        key: "no-rescope",
        policy: [
          { effect: "deny", actions: ["updateAccessTokenPolicy"], resources: ["*"] },
          { effect: "deny", actions: ["updateAccessTokenName", "createAccessToken"], resources: ["member/*:token/prod-*"] },
        ],
      },
    ],
  });
});
afterAll(() => closeDatabase());

const unique = uniqueNames();
const tokenHistory = (tokenId: string) =>
  historyOf(a, tokenId, { fields: ["action", "changes", "targetName", "actorMemberId"] });

async function secretsOf(tokenId: string) {
  const db = await database();
  return db
    .select({ hash: tokenSecrets.hash, expiresAt: tokenSecrets.expiresAt })
    .from(tokenSecrets)
    .where(eq(tokenSecrets.tokenId, tokenId))
    .orderBy(asc(tokenSecrets.createdAt));
}

describe(`updating (${testDatabaseKind})`, () => {
  it("changes the given fields and records before and after of exactly those", async () => {
    const { token } = await createAccessToken(a.writer, { name: unique("edit"), description: "old", permission: reader });
    const expiresAt = new Date(Date.now() + 10 * DAY);
    const updated = await updateAccessToken(a.writer, token.id, {
      name: token.name, // unchanged: not recorded
      description: "new",
      permission: { kind: "role", role: "writer" },
      defaultApiVersion: 20191212,
      expiresAt,
    });
    expect(updated).toMatchObject({ name: token.name, description: "new", permission: { kind: "role", role: "writer" }, defaultApiVersion: 20191212, expiresAt });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(token.updatedAt.getTime());
    const [, entry] = await tokenHistory(token.id);
    expect(entry).toEqual({
      action: "tokenUpdated",
      targetName: token.name,
      actorMemberId: a.writer.memberId,
      changes: {
        description: { before: "old", after: "new" },
        permission: { before: { kind: "role", role: "reader" }, after: { kind: "role", role: "writer" } },
        defaultApiVersion: { before: 20240415, after: 20191212 },
        expiresAt: { before: null, after: expiresAt.toISOString() },
      },
    });
  });

  it("writes nothing when nothing changes", async () => {
    const { token } = await createAccessToken(a.writer, { name: unique("same"), permission: reader });
    await updateAccessToken(a.writer, token.id, { name: token.name, description: "", permission: reader });
    expect(await tokenHistory(token.id)).toHaveLength(1);
    // The same inline policy sent again is no change, although the database reorders its keys.
    const policy = [{ effect: "allow" as const, notActions: ["deleteProject"], resources: ["proj/*"] }];
    const inline = await createAccessToken(a.writer, { name: unique("same"), permission: { kind: "inline", policy } });
    await updateAccessToken(a.writer, inline.token.id, { permission: { kind: "inline", policy } });
    expect(await tokenHistory(inline.token.id)).toHaveLength(1);
  });

  it("refuses an update that is not an object as invalid input, and writes nothing", async () => {
    const { token } = await createAccessToken(a.writer, { name: unique("shape"), permission: reader });
    for (const input of [undefined, null, "name", 7]) {
      await expect(updateAccessToken(a.writer, token.id, input as never)).rejects.toBeInstanceOf(Invalid);
    }
    expect(await tokenHistory(token.id)).toHaveLength(1);
  });

  it("switches between role, custom roles and inline policy", async () => {
    const { token } = await createAccessToken(a.reader, { name: unique("switch"), permission: reader });
    const custom = await updateAccessToken(a.reader, token.id, { permission: { kind: "customRoles", customRoleIds: [a.roles["ops"]!.id] } });
    expect(custom.permission).toMatchObject({ kind: "customRoles", customRoles: [{ key: "ops" }] });
    const policy = [{ effect: "allow" as const, actions: ["createProject"], resources: ["proj/*"] }];
    const inline = await updateAccessToken(a.reader, token.id, { permission: { kind: "inline", policy } });
    expect(inline.permission).toEqual({ kind: "inline", policy });
    const back = await updateAccessToken(a.reader, token.id, { permission: reader });
    expect(back.permission).toEqual(reader);
  });

  it("refuses any permission change on a service token", async () => {
    const svc = await createAccessToken(a.admin, { name: unique("svc"), permission: reader, serviceToken: true });
    await expect(updateAccessToken(a.owner, svc.token.id, { permission: { kind: "role", role: "writer" } })).rejects.toMatchObject({
      kind: "invalid",
      message: "A service token's permissions are fixed at creation",
    });
    await expect(updateAccessToken(a.owner, svc.token.id, { description: "still editable" })).resolves.toMatchObject({ description: "still editable" });
  });

  it("applies the editor's role ceiling to the new permission", async () => {
    const { token } = await createAccessToken(a.writer, { name: unique("ceiling"), permission: reader });
    await expect(updateAccessToken(a.writer, token.id, { permission: { kind: "role", role: "admin" } })).rejects.toBeInstanceOf(Forbidden);
    // An admin may re-scope another member's token, up to admin (the member still caps each request).
    await expect(updateAccessToken(a.admin, token.id, { permission: { kind: "role", role: "admin" } })).resolves.toBeDefined();
    await expect(updateAccessToken(a.admin, token.id, { permission: { kind: "role", role: "owner" } })).rejects.toBeInstanceOf(Forbidden);
  });

  it("checks each changed field's own action, and a rename against the new name too", async () => {
    const member: Actor = await a.addMember("writer", ["no-rescope"]);
    const { token } = await createAccessToken(member, { name: unique("scoped"), permission: reader });
    await expect(updateAccessToken(member, token.id, { description: "fine" })).resolves.toBeDefined();
    await expect(updateAccessToken(member, token.id, { permission: { kind: "role", role: "writer" } })).rejects.toBeInstanceOf(Forbidden);
    await expect(updateAccessToken(member, token.id, { name: "prod-deploy" })).rejects.toBeInstanceOf(Forbidden);
    await expect(updateAccessToken(member, token.id, { name: "staging-deploy" })).resolves.toMatchObject({ name: "staging-deploy" });
  });

  it("refuses a name taken by the same member's other token", async () => {
    const first = await createAccessToken(a.writer, { name: unique("one"), permission: reader });
    const second = await createAccessToken(a.writer, { name: unique("two"), permission: reader });
    await expect(updateAccessToken(a.writer, second.token.id, { name: first.token.name })).rejects.toMatchObject({
      kind: "conflict",
      fieldErrors: { name: expect.any(String) },
    });
  });

  it("removes an expiration with null, refuses a past one, and tolerates the old one sent back", async () => {
    const soon = new Date(Date.now() + HOUR);
    const { token } = await createAccessToken(a.writer, { name: unique("exp"), permission: reader, expiresAt: soon });
    await expect(updateAccessToken(a.writer, token.id, { expiresAt: new Date(Date.now() - HOUR) })).rejects.toBeInstanceOf(Invalid);
    const db = await database();
    const past = new Date(Date.now() - HOUR);
    await db.update(accessTokens).set({ expiresAt: past }).where(eq(accessTokens.id, token.id));
    await expect(updateAccessToken(a.writer, token.id, { expiresAt: past, description: "form resubmitted" })).resolves.toMatchObject({ expired: true });
    await expect(updateAccessToken(a.writer, token.id, { expiresAt: null })).resolves.toMatchObject({ expiresAt: null, expired: false });
  });
});

describe(`resetting (${testDatabaseKind})`, () => {
  it("replaces the secret at once by default: the old hash is gone", async () => {
    const created = await createAccessToken(a.writer, { name: unique("reset"), permission: reader });
    const reset = await resetAccessToken(a.writer, created.token.id);
    expect(reset.secret).not.toBe(created.secret);
    expect(reset.token.ending).toBe(reset.secret.slice(-4));
    expect(await secretsOf(created.token.id)).toEqual([{ hash: hashTokenSecret(reset.secret), expiresAt: null }]);
    const entries = await tokenHistory(created.token.id);
    expect(entries.at(-1)).toMatchObject({ action: "tokenReset", changes: { oldSecretExpiresAt: { before: null, after: null } } });
  });

  it("keeps the old secret alive until the chosen expiry when asked", async () => {
    const created = await createAccessToken(a.writer, { name: unique("grace"), permission: reader });
    const until = new Date(Date.now() + DAY);
    const reset = await resetAccessToken(a.writer, created.token.id, { oldSecretExpiresAt: until });
    expect(await secretsOf(created.token.id)).toEqual([
      { hash: hashTokenSecret(created.secret), expiresAt: until },
      { hash: hashTokenSecret(reset.secret), expiresAt: null },
    ]);
    const entries = await tokenHistory(created.token.id);
    expect(entries.at(-1)).toMatchObject({ changes: { oldSecretExpiresAt: { before: null, after: until.toISOString() } } });
  });

  it("never extends an earlier grace period, and ends all of them on a reset without one", async () => {
    const created = await createAccessToken(a.writer, { name: unique("twice"), permission: reader });
    const week = new Date(Date.now() + 7 * DAY);
    const hour = new Date(Date.now() + HOUR);
    const second = await resetAccessToken(a.writer, created.token.id, { oldSecretExpiresAt: week });
    const third = await resetAccessToken(a.writer, created.token.id, { oldSecretExpiresAt: hour });
    expect(await secretsOf(created.token.id)).toEqual([
      { hash: hashTokenSecret(created.secret), expiresAt: hour },
      { hash: hashTokenSecret(second.secret), expiresAt: hour },
      { hash: hashTokenSecret(third.secret), expiresAt: null },
    ]);
    const fourth = await resetAccessToken(a.writer, created.token.id, { oldSecretExpiresAt: null });
    expect(await secretsOf(created.token.id)).toEqual([{ hash: hashTokenSecret(fourth.secret), expiresAt: null }]);
  });

  it("refuses a grace period longer than 30 days", async () => {
    const created = await createAccessToken(a.writer, { name: unique("long"), permission: reader });
    await expect(resetAccessToken(a.writer, created.token.id, { oldSecretExpiresAt: new Date(Date.now() + 31 * DAY) })).rejects.toMatchObject({
      kind: "invalid",
      fieldErrors: { oldSecretExpiresAt: expect.any(String) },
    });
  });

  it("refuses admins resetting another member's token, whose new secret would be theirs, and records nothing", async () => {
    const created = await createAccessToken(a.reader, { name: unique("theirs"), permission: reader });
    await expect(resetAccessToken(a.admin, created.token.id)).rejects.toBeInstanceOf(Forbidden);
    expect(await secretsOf(created.token.id)).toEqual([{ hash: hashTokenSecret(created.secret), expiresAt: null }]);
    expect((await tokenHistory(created.token.id)).map((e) => e.action)).toEqual(["tokenCreated"]);
  });

  it("lets admins reset a service token without seeing the old secret", async () => {
    const created = await createAccessToken(a.owner, { name: unique("shared"), permission: reader, serviceToken: true });
    const reset = await resetAccessToken(a.admin, created.token.id);
    expect(reset.token.memberId).toBe(a.owner.memberId);
    expect(JSON.stringify(reset)).not.toContain(created.secret);
    const entries = await tokenHistory(created.token.id);
    expect(entries.at(-1)).toMatchObject({ action: "tokenReset", actorMemberId: a.admin.memberId });
  });
});

describe(`deleting (${testDatabaseKind})`, () => {
  it("removes the token and its secrets and records its name", async () => {
    const created = await createAccessToken(a.writer, { name: unique("gone"), permission: reader });
    await resetAccessToken(a.writer, created.token.id, { oldSecretExpiresAt: new Date(Date.now() + HOUR) });
    await deleteAccessToken(a.writer, created.token.id);
    await expect(getVisibleToken(a.writer, created.token.id)).rejects.toBeInstanceOf(NotFound);
    expect(await secretsOf(created.token.id)).toEqual([]);
    const entries = await tokenHistory(created.token.id);
    expect(entries.map((e) => e.action)).toEqual(["tokenCreated", "tokenReset", "tokenDeleted"]);
    expect(entries.at(-1)).toMatchObject({ targetName: created.token.name });
    await expect(deleteAccessToken(a.writer, created.token.id)).rejects.toBeInstanceOf(NotFound);
  });

  it("lets admins delete any member's token, and writers no service token", async () => {
    const theirs = await createAccessToken(a.reader, { name: unique("theirs"), permission: reader });
    await deleteAccessToken(a.admin, theirs.token.id);
    const svc = await createAccessToken(a.admin, { name: unique("svc"), permission: reader, serviceToken: true });
    await expect(deleteAccessToken(a.writer, svc.token.id)).rejects.toBeInstanceOf(Forbidden);
    await deleteAccessToken(a.owner, svc.token.id);
  });
});
