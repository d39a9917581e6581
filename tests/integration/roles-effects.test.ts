import { testDatabaseKind } from "../helpers/env";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokenCustomRoles, accessTokens, auditLog, memberCustomRoles } from "@/db/schema";
import { authenticateApiToken } from "@/lib/auth";
import { Forbidden, NotFound } from "@/lib/errors";
import { getMember, removeMember, updateMemberRoles } from "@/lib/members";
import { createRole, deleteRole, getRole, listRoles, roleUsage, updateRole } from "@/lib/roles";
import { createAccessToken } from "@/lib/tokens";
import { canActOn } from "@/lib/access";
import { createTestAccount } from "../helpers/accounts";

afterAll(() => closeDatabase());

const editor = [{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }];
const denyAll = [{ effect: "deny", actions: ["*"], resources: ["*"] }];

async function roleHistory(accountId: string) {
  const db = await database();
  return db
    .select({ action: auditLog.action, changes: auditLog.changes, targetName: auditLog.targetName })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, accountId), eq(auditLog.targetKind, "role")))
    .orderBy(asc(auditLog.seq));
}

describe(`a role's policy in effect (${testDatabaseKind})`, () => {
  it("applies an edited policy to its members from their next request on", async () => {
    const a = await createTestAccount({ customRoles: [{ key: "project-editor", policy: editor }] });
    const member = await a.addMember("reader", ["project-editor"]);
    expect(canActOn(member, "createProject", "proj/x")).toBe(true);
    await updateRole(a.admin, "project-editor", { policy: [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }] });
    const reloaded = await a.actor(member.memberId);
    expect(canActOn(reloaded, "createProject", "proj/x")).toBe(false);
    expect(canActOn(reloaded, "updateProject", "proj/x")).toBe(true);
  });

  it("applies an edited policy to tokens that carry the role", async () => {
    const a = await createTestAccount({ customRoles: [{ key: "project-editor", policy: editor }] });
    const { secret } = await createAccessToken(a.writer, { name: "ci", permission: { kind: "customRoles", customRoleIds: [a.roles["project-editor"]!.id] } });
    expect(canActOn((await authenticateApiToken(secret, null))!.actor, "createProject", "proj/x")).toBe(true);
    await updateRole(a.owner, "project-editor", { policy: denyAll });
    expect(canActOn((await authenticateApiToken(secret, null))!.actor, "createProject", "proj/x")).toBe(false);
  });

  it("lets a deny-everything role (like token-auditor) stop its member from doing anything", async () => {
    const a = await createTestAccount({ customRoles: [{ key: "token-auditor", policy: denyAll }] });
    const auditor = await a.addMember("admin", ["token-auditor"]);
    for (const [action, resource] of [
      ["createAccessToken", `member/${auditor.memberId}:token/mine`],
      ["createProject", "proj/x"],
      ["updateMemberRole", `member/${a.reader.memberId}`],
      ["createRole", "role/x"],
    ] as const) {
      expect(canActOn(auditor, action, resource)).toBe(false);
    }
    await expect(createAccessToken(auditor, { name: "mine", permission: { kind: "role", role: "reader" } })).rejects.toBeInstanceOf(Forbidden);
    await expect(createRole(auditor, { key: "escape", name: "Escape", policy: editor })).rejects.toBeInstanceOf(Forbidden);
    await expect(updateMemberRoles(auditor, auditor.memberId, { customRoleIds: [] })).rejects.toBeInstanceOf(Forbidden);
    await expect(removeMember(auditor, a.reader.memberId)).rejects.toBeInstanceOf(Forbidden);
    // Reading is not policy-gated: an auditor still sees everything.
    expect((await getRole(auditor, "token-auditor")).policy).toEqual(denyAll);
    expect((await getMember(auditor, a.owner.memberId)).role).toBe("owner");
  });
});

describe(`counting and showing a role's use (${testDatabaseKind})`, () => {
  it("counts active members and tokens carrying the role", async () => {
    const a = await createTestAccount({ customRoles: [{ key: "used", policy: editor }, { key: "unused", policy: editor }] });
    const used = a.roles.used!.id;
    const one = await a.addMember("writer", ["used"]);
    const two = await a.addMember("reader", ["used"]);
    await a.addMember("reader", ["used"]);
    await removeMember(a.owner, two.memberId);
    await createAccessToken(one, { name: "personal", permission: { kind: "customRoles", customRoleIds: [used] } });
    await createAccessToken(a.admin, { name: "svc", serviceToken: true, permission: { kind: "customRoles", customRoleIds: [used] } });
    const roles = await listRoles(a.reader);
    expect(roles.map((r) => [r.key, r.memberCount, r.tokenCount])).toEqual([
      ["unused", 0, 0],
      ["used", 2, 2],
    ]);
    expect(await getRole(a.reader, "used")).toMatchObject({ memberCount: 2, tokenCount: 2 });
  });

  it("names the members and the tokens the viewer may see, and only counts the rest", async () => {
    const a = await createTestAccount({ customRoles: [{ key: "used", policy: editor }] });
    const used = a.roles.used!.id;
    const holder = await a.addMember("writer", ["used"]);
    const personal = await createAccessToken(holder, { name: "holder's", permission: { kind: "customRoles", customRoleIds: [used] } });
    const svc = await createAccessToken(a.admin, { name: "svc", serviceToken: true, permission: { kind: "customRoles", customRoleIds: [used] } });
    expect(await roleUsage(a.admin, "used")).toEqual({
      members: [{ id: holder.memberId, email: holder.displayName }],
      tokens: [
        { id: personal.token.id, name: "holder's", serviceToken: false },
        { id: svc.token.id, name: "svc", serviceToken: true },
      ],
      hiddenTokenCount: 0,
    });
    expect(await roleUsage(a.reader, "used")).toMatchObject({ tokens: [{ id: svc.token.id }], hiddenTokenCount: 1 });
    await expect(roleUsage(a.admin, "nope")).rejects.toBeInstanceOf(NotFound);
  });
});

describe(`deleting roles (${testDatabaseKind})`, () => {
  it("reports what lost the role, removes the links and writes one roleDeleted entry", async () => {
    const a = await createTestAccount({ customRoles: [{ key: "doomed", policy: editor }, { key: "kept", policy: editor }] });
    const doomed = a.roles.doomed!.id;
    const kept = a.roles.kept!.id;
    const holder = await a.addMember("reader", ["doomed", "kept"]);
    const both = await createAccessToken(a.writer, { name: "both", permission: { kind: "customRoles", customRoleIds: [doomed, kept] } });
    const only = await createAccessToken(a.writer, { name: "only", permission: { kind: "customRoles", customRoleIds: [doomed] } });

    expect(await deleteRole(a.admin, "doomed")).toEqual({ affectedMembers: 1, affectedTokens: 2 });

    await expect(getRole(a.admin, "doomed")).rejects.toBeInstanceOf(NotFound);
    expect((await getMember(a.admin, holder.memberId)).customRoles.map((r) => r.key)).toEqual(["kept"]);
    const db = await database();
    expect(await db.select().from(memberCustomRoles).where(eq(memberCustomRoles.roleId, doomed))).toEqual([]);
    expect(await db.select().from(accessTokenCustomRoles).where(eq(accessTokenCustomRoles.roleId, doomed))).toEqual([]);
    // Tokens stay; the one whose only role this was now allows nothing (fails closed).
    const tokens = await db.select({ id: accessTokens.id }).from(accessTokens).where(inArray(accessTokens.id, [both.token.id, only.token.id]));
    expect(tokens).toHaveLength(2);
    const orphan = await authenticateApiToken(only.secret, null);
    expect(orphan?.actor.token?.policy).toEqual([]);
    expect(canActOn(orphan!.actor, "createProject", "proj/x")).toBe(false);
    expect(canActOn((await authenticateApiToken(both.secret, null))!.actor, "createProject", "proj/x")).toBe(true);

    const history = await roleHistory(a.accountId);
    expect(history).toEqual([
      {
        action: "roleDeleted",
        targetName: "doomed",
        changes: {
          key: { before: "doomed", after: null },
          name: { before: "doomed", after: null },
          description: { before: "", after: null },
          policy: { before: editor, after: null },
          basePermissions: { before: "reader", after: null },
          memberCount: { before: 1, after: 0 },
          tokenCount: { before: 2, after: 0 },
        },
      },
    ]);
  });

  it("forbids readers and writers to delete roles, and frees the key for reuse once deleted", async () => {
    const a = await createTestAccount({ customRoles: [{ key: "again", policy: editor }] });
    await expect(deleteRole(a.writer, "again")).rejects.toBeInstanceOf(Forbidden);
    await expect(deleteRole(a.reader, "again")).rejects.toBeInstanceOf(Forbidden);
    await deleteRole(a.owner, "again");
    await expect(deleteRole(a.owner, "again")).rejects.toBeInstanceOf(NotFound);
    await expect(createRole(a.owner, { key: "again", name: "Again", policy: denyAll })).resolves.toMatchObject({ memberCount: 0 });
    expect((await roleHistory(a.accountId)).map((e) => e.action)).toEqual(["roleDeleted", "roleCreated"]);
  });
});
