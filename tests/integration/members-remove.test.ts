import { testDatabaseKind } from "../helpers/env";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokens } from "@/db/schema";
import { authenticateApiToken, loadMemberActor } from "@/lib/auth";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { getMember, listMembers, removeMember } from "@/lib/members";
import { createAccessToken } from "@/lib/tokens";
import { activeOwners, createTestAccount } from "../helpers/accounts";
import { historyOf } from "../helpers/history";
import { tokenActor } from "../helpers/token-actor";
import { reader } from "../helpers/fixtures";

afterAll(() => closeDatabase());

describe(`removing a member (${testDatabaseKind})`, () => {
  it("marks them removed, ends their access and personal tokens, and keeps their service tokens", async () => {
    const a = await createTestAccount();
    const personal = await createAccessToken(a.writer, { name: "laptop", permission: reader });
    const adminPersonal = await createAccessToken(a.admin, { name: "admin laptop", permission: reader });
    const service = await createAccessToken(a.admin, { name: "deploy", serviceToken: true, permission: reader });
    await removeMember(a.owner, a.writer.memberId);
    await removeMember(a.owner, a.admin.memberId);

    expect(await loadMemberActor(a.writer.memberId, null)).toBeNull();
    expect((await getMember(a.owner, a.writer.memberId)).removed).toBe(true);
    expect((await listMembers(a.owner)).items.map((m) => m.id)).not.toContain(a.writer.memberId);
    expect(await authenticateApiToken(personal.secret, null)).toBeNull();
    expect(await authenticateApiToken(adminPersonal.secret, null)).toBeNull();
    // The service token belongs to the account: it keeps working after its creator leaves.
    expect(await authenticateApiToken(service.secret, null)).not.toBeNull();
    // Nothing is deleted: the rows stay for history and for admins to clean up.
    const db = await database();
    const tokens = await db.select({ id: accessTokens.id }).from(accessTokens).where(eq(accessTokens.accountId, a.accountId));
    expect(tokens.map((t) => t.id).sort()).toEqual([personal.token.id, adminPersonal.token.id, service.token.id].sort());
  });

  it("writes one memberRemoved entry", async () => {
    const a = await createTestAccount();
    await removeMember(a.admin, a.reader.memberId);
    expect(await historyOf(a, a.reader.memberId)).toEqual([
      {
        action: "memberRemoved",
        targetKind: "member",
        targetName: a.reader.displayName,
        actorMemberId: a.admin.memberId,
        changes: { removed: { before: false, after: true } },
      },
    ]);
  });

  it("refuses to let anyone remove themselves", async () => {
    const a = await createTestAccount();
    for (const actor of [a.owner, a.admin, a.reader]) {
      const attempt = removeMember(actor, actor.memberId);
      await expect(attempt).rejects.toBeInstanceOf(Invalid);
      await expect(attempt).rejects.toThrow("You can't remove yourself");
    }
    expect(await loadMemberActor(a.owner.memberId, null)).not.toBeNull();
  });

  it("forbids readers and writers to remove members", async () => {
    const a = await createTestAccount();
    await expect(removeMember(a.writer, a.reader.memberId)).rejects.toBeInstanceOf(Forbidden);
    await expect(removeMember(a.reader, a.writer.memberId)).rejects.toBeInstanceOf(Forbidden);
    expect(await historyOf(a, a.reader.memberId)).toEqual([]);
  });

  it("lets only owners remove owners", async () => {
    const a = await createTestAccount();
    const owner2 = await a.addMember("owner");
    await expect(removeMember(a.admin, owner2.memberId)).rejects.toThrow("Only owners can remove an owner");
    await removeMember(a.owner, owner2.memberId);
    expect(await activeOwners(a)).toEqual([a.owner.memberId]);
  });

  it("refuses to remove the last owner", async () => {
    const a = await createTestAccount();
    const owner2 = await a.addMember("owner");
    const service = await tokenActor(owner2, "owner", { serviceToken: true });
    await removeMember(a.owner, owner2.memberId);
    // Only a token can still try: the last owner can't remove themselves.
    const attempt = removeMember(service, a.owner.memberId);
    await expect(attempt).rejects.toBeInstanceOf(Conflict);
    await expect(attempt).rejects.toThrow("An account needs at least one owner");
    expect(await activeOwners(a)).toEqual([a.owner.memberId]);
  });

  it("leaves exactly one owner when two owners remove each other at once", async () => {
    for (let round = 0; round < 5; round++) {
      const a = await createTestAccount();
      const owner2 = await a.addMember("owner");
      const results = await Promise.allSettled([removeMember(a.owner, owner2.memberId), removeMember(owner2, a.owner.memberId)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await activeOwners(a)).toHaveLength(1);
    }
  });

  it("answers NotFound for another account's member and for one already removed", async () => {
    const a = await createTestAccount();
    const b = await createTestAccount();
    await expect(removeMember(a.owner, b.reader.memberId)).rejects.toBeInstanceOf(NotFound);
    expect(await loadMemberActor(b.reader.memberId, null)).not.toBeNull();
    await removeMember(a.owner, a.reader.memberId);
    await expect(removeMember(a.owner, a.reader.memberId)).rejects.toBeInstanceOf(NotFound);
    expect((await historyOf(a, a.reader.memberId)).map((e) => e.action)).toEqual(["memberRemoved"]);
  });
});
