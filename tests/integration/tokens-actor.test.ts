import { testDatabaseKind } from "../helpers/env";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { memberCustomRoles, tokenSecrets } from "@/db/schema";
import { loadMemberActor, tokenActor, tokenPolicyOf } from "@/lib/auth";
import { Forbidden, NotFound } from "@/lib/errors";
import { isAllowed, type BuiltInRole } from "@/lib/policy";
import { createAccessToken, getVisibleToken, listVisibleTokens } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { createTestAccount } from "../helpers/accounts";

afterAll(() => closeDatabase());

const DENY_DELETES = { key: "no-deletes", policy: [{ effect: "deny", actions: ["deleteAccessToken"], resources: ["*"] }] };
const PROJECTS = { key: "projects", policy: [{ effect: "allow", actions: ["deleteProject"], resources: ["proj/*"] }] };

describe(`loading a member's actor (${testDatabaseKind})`, () => {
  it("carries the member's role, account, email and request address", async () => {
    const a = await createTestAccount();
    const actor = await loadMemberActor(a.writer.memberId, "192.0.2.10");
    expect(actor).toMatchObject({
      kind: "member",
      accountId: a.accountId,
      memberId: a.writer.memberId,
      memberRole: "writer",
      displayName: a.writer.displayName,
      ip: "192.0.2.10",
      canViewAllTokens: false,
    });
    expect(actor?.token).toBeUndefined();
  });

  it("lets only admins and owners view every member's tokens", async () => {
    const a = await createTestAccount();
    expect([a.reader, a.writer, a.admin, a.owner].map((m) => m.canViewAllTokens)).toEqual([false, false, true, true]);
  });

  it("adds the member's custom roles to their policy, denies included", async () => {
    const a = await createTestAccount({ customRoles: [DENY_DELETES, PROJECTS] });
    const member = await a.addMember("writer", ["no-deletes", "projects"]);
    expect(isAllowed(member.memberPolicy, "deleteProject", "proj/x")).toBe(true);
    expect(isAllowed(member.memberPolicy, "deleteAccessToken", `member/${member.memberId}:token/x`)).toBe(false);
    expect(isAllowed(member.memberPolicy, "resetAccessToken", `member/${member.memberId}:token/x`)).toBe(true);
  });

  it("ignores a custom role that belongs to another account", async () => {
    const a = await createTestAccount();
    const other = await createTestAccount({ customRoles: [PROJECTS] });
    const db = await database();
    await db.insert(memberCustomRoles).values({ memberId: a.writer.memberId, roleId: other.roles["projects"]!.id });
    const actor = await loadMemberActor(a.writer.memberId, null);
    expect(isAllowed(actor!.memberPolicy, "deleteProject", "proj/x")).toBe(false);
  });

  it("returns null for a removed or unknown member", async () => {
    const a = await createTestAccount();
    await a.removeMember(a.reader.memberId);
    expect(await loadMemberActor(a.reader.memberId, null)).toBeNull();
    expect(await loadMemberActor("000000000000000000000000", null)).toBeNull();
  });
});

/** What the API authenticator builds for a request made with a token (with its current secret). */
async function actingThrough(member: Actor, token: { id: string; name: string; serviceToken: boolean; role: BuiltInRole }): Promise<Actor> {
  const policy = tokenPolicyOf({ kind: "role", role: token.role }, token.serviceToken ? null : member.memberId);
  const db = await database();
  const [secret] = await db
    .select({ id: tokenSecrets.id })
    .from(tokenSecrets)
    .where(and(eq(tokenSecrets.tokenId, token.id), isNull(tokenSecrets.expiresAt)));
  return tokenActor({
    accountId: member.accountId,
    member: { id: member.memberId, email: member.displayName, role: member.memberRole, policy: member.memberPolicy },
    token: { ...token, policy, secretId: secret!.id, expiresAt: null },
    ip: null,
  });
}

describe(`acting through a token (${testDatabaseKind})`, () => {
  it("gives a service token the service tokens, never its creator's personal tokens", async () => {
    const a = await createTestAccount();
    const mine = await createAccessToken(a.admin, { name: "admin laptop", permission: { kind: "role", role: "admin" } });
    const svc = await createAccessToken(a.admin, { name: "ci", serviceToken: true, permission: { kind: "role", role: "writer" } });
    const actor = await actingThrough(a.admin, { id: svc.token.id, name: "ci", serviceToken: true, role: "writer" });
    expect((await listVisibleTokens(actor, {})).items.map((t) => t.name)).toEqual(["ci"]);
    await expect(getVisibleToken(actor, mine.token.id)).rejects.toBeInstanceOf(NotFound);
    await expect(listVisibleTokens(actor, { memberId: a.admin.memberId })).rejects.toBeInstanceOf(Forbidden);
  });

  it("lets an admin-role service token mint service tokens but no personal ones", async () => {
    const a = await createTestAccount();
    const svc = await createAccessToken(a.admin, { name: "robot", serviceToken: true, permission: { kind: "role", role: "admin" } });
    const actor = await actingThrough(a.admin, { id: svc.token.id, name: "robot", serviceToken: true, role: "admin" });
    await expect(createAccessToken(actor, { name: "child", serviceToken: true, permission: { kind: "role", role: "writer" } })).resolves.toBeDefined();
    await expect(createAccessToken(actor, { name: "child", permission: { kind: "role", role: "reader" } })).rejects.toBeInstanceOf(Forbidden);
  });

  it("limits a personal token to what both it and its member allow", async () => {
    const a = await createTestAccount();
    const narrow = await createAccessToken(a.admin, { name: "narrow", permission: { kind: "role", role: "reader" } });
    const actor = await actingThrough(a.admin, { id: narrow.token.id, name: "narrow", serviceToken: false, role: "reader" });
    // A reader token of an admin: its own member's tokens, no show-all, and reader tokens only.
    await expect(listVisibleTokens(actor, { showAll: true })).rejects.toBeInstanceOf(Forbidden);
    await expect(createAccessToken(actor, { name: "wider", permission: { kind: "role", role: "writer" } })).rejects.toBeInstanceOf(Forbidden);
    await expect(createAccessToken(actor, { name: "same", permission: { kind: "role", role: "reader" } })).resolves.toMatchObject({
      token: { memberId: a.admin.memberId },
    });
  });
});
