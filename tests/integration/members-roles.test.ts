import { testDatabaseKind } from "../helpers/env";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { authenticateApiToken } from "@/lib/auth";
import { Conflict, Forbidden, Invalid, NotFound, Unauthenticated } from "@/lib/errors";
import { getMember, removeMember, updateMemberRoles } from "@/lib/members";
import { createAccessToken } from "@/lib/tokens";
import { canActOn } from "@/lib/access";
import { activeOwners, createTestAccount } from "../helpers/accounts";
import { historyOf } from "../helpers/history";
import { tokenActor } from "../helpers/token-actor";

afterAll(() => closeDatabase());

const projectEditor = { key: "project-editor", policy: [{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }] };
const memberManager = { key: "member-manager", policy: [{ effect: "allow", actions: ["updateMemberRole", "deleteMember"], resources: ["member/*"] }] };

describe(`changing a member's built-in role (${testDatabaseKind})`, () => {
  it("forbids readers and writers to change anyone's role, and records nothing", async () => {
    const a = await createTestAccount();
    for (const actor of [a.reader, a.writer]) {
      await expect(updateMemberRoles(actor, a.reader.memberId, { role: "writer" })).rejects.toBeInstanceOf(Forbidden);
      await expect(updateMemberRoles(actor, actor.memberId, { role: "admin" })).rejects.toBeInstanceOf(Forbidden);
    }
    expect((await getMember(a.owner, a.reader.memberId)).role).toBe("reader");
    expect(await historyOf(a, a.reader.memberId)).toEqual([]);
  });

  it("lets an admin promote a writer to admin, effective on the member's next request", async () => {
    const a = await createTestAccount();
    expect(canActOn(a.writer, "deleteProject", "proj/x")).toBe(false);
    const updated = await updateMemberRoles(a.admin, a.writer.memberId, { role: "admin" });
    expect(updated).toMatchObject({ id: a.writer.memberId, role: "admin" });
    expect(canActOn(await a.actor(a.writer.memberId), "deleteProject", "proj/x")).toBe(true);
    expect(await historyOf(a, a.writer.memberId)).toEqual([
      {
        action: "memberUpdated",
        targetKind: "member",
        targetName: a.writer.displayName,
        actorMemberId: a.admin.memberId,
        changes: { role: { before: "writer", after: "admin" } },
      },
    ]);
  });

  it("lowers a member's personal token along with the member", async () => {
    const a = await createTestAccount();
    const personal = await createAccessToken(a.admin, { name: "laptop", permission: { kind: "role", role: "admin" } });
    const before = await authenticateApiToken(personal.secret, null);
    expect(canActOn(before!.actor, "deleteProject", "proj/x")).toBe(true);
    await updateMemberRoles(a.owner, a.admin.memberId, { role: "reader" });
    const after = await authenticateApiToken(personal.secret, null);
    expect(canActOn(after!.actor, "deleteProject", "proj/x")).toBe(false);
  });

  it("forbids an admin to grant owner, or to change an owner's role", async () => {
    const a = await createTestAccount();
    const owner2 = await a.addMember("owner");
    await expect(updateMemberRoles(a.admin, a.writer.memberId, { role: "owner" })).rejects.toThrow("Only owners can grant the owner role");
    await expect(updateMemberRoles(a.admin, a.admin.memberId, { role: "owner" })).rejects.toBeInstanceOf(Forbidden);
    await expect(updateMemberRoles(a.admin, owner2.memberId, { role: "admin" })).rejects.toThrow("Only owners can change the role of an owner");
    expect((await getMember(a.owner, a.writer.memberId)).role).toBe("writer");
    expect((await getMember(a.owner, owner2.memberId)).role).toBe("owner");
  });

  it("forbids changing a member who outranks you, even with updateMemberRole from a custom role", async () => {
    const a = await createTestAccount({ customRoles: [memberManager] });
    const manager = await a.addMember("writer", ["member-manager"]);
    await expect(updateMemberRoles(manager, a.admin.memberId, { role: "writer" })).rejects.toBeInstanceOf(Forbidden);
    await expect(updateMemberRoles(manager, a.reader.memberId, { role: "admin" })).rejects.toBeInstanceOf(Forbidden);
    // Within their own rank the custom role does let them act.
    expect((await updateMemberRoles(manager, a.reader.memberId, { role: "writer" })).role).toBe("writer");
  });

  it("lets an owner grant owner and demote another owner", async () => {
    const a = await createTestAccount();
    expect((await updateMemberRoles(a.owner, a.admin.memberId, { role: "owner" })).role).toBe("owner");
    expect((await updateMemberRoles(a.owner, a.admin.memberId, { role: "writer" })).role).toBe("writer");
    expect((await historyOf(a, a.admin.memberId)).map((e) => e.changes)).toEqual([
      { role: { before: "admin", after: "owner" } },
      { role: { before: "owner", after: "writer" } },
    ]);
  });

  it("refuses to demote the last owner, even at their own request", async () => {
    const a = await createTestAccount();
    const attempt = updateMemberRoles(a.owner, a.owner.memberId, { role: "admin" });
    await expect(attempt).rejects.toBeInstanceOf(Conflict);
    await expect(attempt).rejects.toThrow("An account needs at least one owner");
    const service = await tokenActor(a.owner, "owner", { serviceToken: true });
    await expect(updateMemberRoles(service, a.owner.memberId, { role: "reader" })).rejects.toBeInstanceOf(Conflict);
    expect(await activeOwners(a)).toEqual([a.owner.memberId]);
  });

  it("lets an owner step down while another owner remains", async () => {
    const a = await createTestAccount();
    const owner2 = await a.addMember("owner");
    expect((await updateMemberRoles(a.owner, a.owner.memberId, { role: "admin" })).role).toBe("admin");
    expect(await activeOwners(a)).toEqual([owner2.memberId]);
  });

  it("leaves exactly one owner when the only two owners are demoted at once", async () => {
    for (let round = 0; round < 5; round++) {
      const a = await createTestAccount();
      const owner2 = await a.addMember("owner");
      const service = await tokenActor(a.owner, "owner", { serviceToken: true });
      const results = await Promise.allSettled([
        updateMemberRoles(service, a.owner.memberId, { role: "admin" }),
        updateMemberRoles(service, owner2.memberId, { role: "admin" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const [rejected] = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
      expect(rejected).toBeInstanceOf(Conflict);
      expect(await activeOwners(a)).toHaveLength(1);
    }
  });

  it("leaves exactly one owner when two owners demote each other at once", async () => {
    for (let round = 0; round < 5; round++) {
      const a = await createTestAccount();
      const owner2 = await a.addMember("owner");
      const results = await Promise.allSettled([
        updateMemberRoles(a.owner, owner2.memberId, { role: "admin" }),
        updateMemberRoles(owner2, a.owner.memberId, { role: "admin" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      // The loser is refused as no longer an owner: signed out when the winner's demotion had
      // committed before its transaction began, else when it finds itself gone from the owners it
      // locked; or as about to remove the last owner.
      const [rejected] = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
      expect(rejected instanceof Unauthenticated || rejected instanceof Forbidden || rejected instanceof Conflict).toBe(true);
      expect(await activeOwners(a)).toHaveLength(1);
    }
  });

  it("stops a demoted owner's stale request from promoting anyone to owner", async () => {
    const a = await createTestAccount();
    const owner2 = await a.addMember("owner");
    const staleOwner2 = owner2; // loaded before the demotion below
    await updateMemberRoles(a.owner, owner2.memberId, { role: "admin" });
    // Its role is no longer the one it was loaded with: the request is signed out.
    await expect(updateMemberRoles(staleOwner2, a.writer.memberId, { role: "owner" })).rejects.toBeInstanceOf(Unauthenticated);
    expect((await getMember(a.owner, a.writer.memberId)).role).toBe("writer");
  });
});

describe(`changing a member's custom roles (${testDatabaseKind})`, () => {
  it("replaces the set of custom roles and records the ids before and after", async () => {
    const a = await createTestAccount({ customRoles: [projectEditor, memberManager] });
    const editor = a.roles["project-editor"]!.id;
    const manager = a.roles["member-manager"]!.id;
    expect(canActOn(a.reader, "createProject", "proj/x")).toBe(false);
    const updated = await updateMemberRoles(a.admin, a.reader.memberId, { customRoleIds: [editor, manager, editor] });
    expect(updated.customRoles.map((r) => r.key)).toEqual(["member-manager", "project-editor"]);
    expect(canActOn(await a.actor(a.reader.memberId), "createProject", "proj/x")).toBe(true);
    await updateMemberRoles(a.admin, a.reader.memberId, { role: "writer", customRoleIds: [] });
    expect(canActOn(await a.actor(a.reader.memberId), "updateMemberRole", "member/x")).toBe(false);
    const history = await historyOf(a, a.reader.memberId);
    expect(history.map((e) => e.action)).toEqual(["memberUpdated", "memberUpdated"]);
    expect(history.map((e) => e.changes)).toEqual([
      { customRoleIds: { before: [], after: [editor, manager].sort() } },
      { role: { before: "reader", after: "writer" }, customRoleIds: { before: [editor, manager].sort(), after: [] } },
    ]);
  });

  it("refuses custom role ids that are not the account's", async () => {
    const a = await createTestAccount();
    const b = await createTestAccount({ customRoles: [projectEditor] });
    for (const ids of [[b.roles["project-editor"]!.id], ["0".repeat(24)]]) {
      const attempt = updateMemberRoles(a.admin, a.reader.memberId, { customRoleIds: ids });
      await expect(attempt).rejects.toBeInstanceOf(Invalid);
      await expect(attempt).rejects.toMatchObject({ fieldErrors: { customRoleIds: expect.any(String) } });
    }
    expect(await historyOf(a, a.reader.memberId)).toEqual([]);
  });

  it("lets only admins and owners assign custom roles, since a custom role can't be ranked", async () => {
    const a = await createTestAccount({ customRoles: [memberManager, { key: "everything", policy: [{ effect: "allow", actions: ["*"], resources: ["*"] }] }] });
    const manager = await a.addMember("writer", ["member-manager"]);
    const attempt = updateMemberRoles(manager, manager.memberId, { customRoleIds: [a.roles["member-manager"]!.id, a.roles.everything!.id] });
    await expect(attempt).rejects.toThrow("Only admins and owners can change a member's custom roles");
  });

  it("records nothing when the values sent are the current ones", async () => {
    const a = await createTestAccount({ customRoles: [projectEditor] });
    const member = await a.addMember("writer", ["project-editor"]);
    const same = await updateMemberRoles(a.admin, member.memberId, { role: "writer", customRoleIds: [a.roles["project-editor"]!.id] });
    expect(same).toMatchObject({ role: "writer", customRoles: [{ key: "project-editor" }] });
    await updateMemberRoles(a.admin, member.memberId, {});
    expect(await historyOf(a, member.memberId)).toEqual([]);
  });

  it("answers NotFound for another account's member, and refuses a removed one", async () => {
    const a = await createTestAccount();
    const b = await createTestAccount();
    await expect(updateMemberRoles(a.owner, b.writer.memberId, { role: "reader" })).rejects.toBeInstanceOf(NotFound);
    await expect(updateMemberRoles(a.owner, "nope", { role: "reader" })).rejects.toBeInstanceOf(NotFound);
    expect((await getMember(b.owner, b.writer.memberId)).role).toBe("writer");
    await removeMember(a.admin, a.writer.memberId);
    await expect(updateMemberRoles(a.owner, a.writer.memberId, { role: "reader" })).rejects.toBeInstanceOf(Invalid);
  });

  it("refuses input of the wrong shape", async () => {
    const a = await createTestAccount();
    for (const input of [{ role: "superuser" }, { customRoleIds: "x" }, { customRoleIds: [42] }]) {
      await expect(updateMemberRoles(a.owner, a.reader.memberId, input as never)).rejects.toBeInstanceOf(Invalid);
    }
  });
});
