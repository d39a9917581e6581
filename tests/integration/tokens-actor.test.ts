import { testDatabaseKind } from "../helpers/env";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { memberCustomRoles } from "@/db/schema";
import { loadMemberActor } from "@/lib/auth/actor";
import { isAllowed } from "@/lib/policy";
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
