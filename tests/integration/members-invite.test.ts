import { testDatabaseKind } from "../helpers/env";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { auditLog, members } from "@/db/schema";
import { loadMemberActor } from "@/lib/auth";
import { verifyPassword } from "@/lib/secrets";
import { Conflict, Forbidden, Invalid } from "@/lib/errors";
import { inviteMember, listMembers } from "@/lib/members";
import { createTestAccount } from "../helpers/accounts";

afterAll(() => closeDatabase());

describe(`inviting a member (${testDatabaseKind})`, () => {
  it("adds the member and returns a one-time password that matches the stored hash", async () => {
    const a = await createTestAccount();
    const { member, oneTimePassword } = await inviteMember(a.admin, {
      email: "  New.Person@Example.test ",
      firstName: "New",
      lastName: "Person",
      role: "writer",
    });
    expect(member).toMatchObject({ email: "new.person@example.test", firstName: "New", lastName: "Person", role: "writer", removed: false, customRoles: [], personalTokenCount: 0, lastSignInAt: null });
    expect(oneTimePassword).toMatch(/^[0-9A-Za-z]{20}$/);
    const db = await database();
    const [row] = await db.select({ hash: members.passwordHash }).from(members).where(eq(members.id, member.id));
    expect(await verifyPassword(oneTimePassword, row!.hash)).toBe(true);
    expect(await verifyPassword(oneTimePassword.slice(1), row!.hash)).toBe(false);
    expect((await loadMemberActor(member.id, null))?.memberRole).toBe("writer");
    expect((await listMembers(a.reader)).items.map((m) => m.id)).toContain(member.id);
  });

  it("gives every invitation a different password", async () => {
    const a = await createTestAccount();
    const first = await inviteMember(a.owner, { email: "one@example.test", role: "reader" });
    const second = await inviteMember(a.owner, { email: "two@example.test", role: "reader" });
    expect(first.oneTimePassword).not.toBe(second.oneTimePassword);
  });

  it("stores and records the password nowhere in plain text", async () => {
    const a = await createTestAccount();
    const { member, oneTimePassword } = await inviteMember(a.owner, { email: "secret@example.test", role: "admin" });
    const db = await database();
    const rows = await db.select().from(members).where(eq(members.accountId, a.accountId));
    const history = await db.select().from(auditLog).where(eq(auditLog.accountId, a.accountId));
    const dump = JSON.stringify({ rows, history });
    expect(dump).toContain(member.id);
    expect(dump).not.toContain(oneTimePassword);
    expect(JSON.stringify(member)).not.toContain(oneTimePassword);
  });

  it("writes one memberInvited entry with the role and no password", async () => {
    const a = await createTestAccount();
    const { member } = await inviteMember(a.admin, { email: "logged@example.test", firstName: "Lo", role: "reader" });
    const db = await database();
    const entries = await db
      .select({ action: auditLog.action, changes: auditLog.changes, targetKind: auditLog.targetKind, targetName: auditLog.targetName })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, a.accountId), eq(auditLog.targetId, member.id)))
      .orderBy(asc(auditLog.seq));
    expect(entries).toEqual([
      {
        action: "memberInvited",
        targetKind: "member",
        targetName: "logged@example.test",
        changes: {
          email: { before: null, after: "logged@example.test" },
          firstName: { before: null, after: "Lo" },
          lastName: { before: null, after: "" },
          role: { before: null, after: "reader" },
        },
      },
    ]);
  });

  it("refuses an email already in the account, whatever its case, and a removed member's", async () => {
    const a = await createTestAccount();
    const taken = inviteMember(a.owner, { email: a.writer.displayName.toUpperCase(), role: "reader" });
    await expect(taken).rejects.toBeInstanceOf(Conflict);
    await expect(taken).rejects.toMatchObject({ fieldErrors: { email: expect.stringContaining("already a member") } });
    await a.removeMember(a.reader.memberId);
    await expect(inviteMember(a.owner, { email: a.reader.displayName, role: "reader" })).rejects.toMatchObject({
      kind: "conflict",
      fieldErrors: { email: expect.stringContaining("removed member") },
    });
    // Another account may use the same address.
    const b = await createTestAccount();
    await expect(inviteMember(b.owner, { email: a.writer.displayName, role: "reader" })).resolves.toBeDefined();
  });

  it("lets exactly one of two simultaneous invitations of one address through", async () => {
    const a = await createTestAccount();
    const results = await Promise.allSettled([
      inviteMember(a.owner, { email: "race@example.test", role: "reader" }),
      inviteMember(a.admin, { email: "RACE@example.test", role: "reader" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [reason] = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(reason).toBeInstanceOf(Conflict);
  });

  it("forbids inviting with a role above the inviter's, and lets only owners invite owners", async () => {
    const a = await createTestAccount();
    await expect(inviteMember(a.admin, { email: "boss@example.test", role: "owner" })).rejects.toThrow("Only owners can invite an owner");
    expect((await inviteMember(a.admin, { email: "peer@example.test", role: "admin" })).member.role).toBe("admin");
    expect((await inviteMember(a.owner, { email: "boss@example.test", role: "owner" })).member.role).toBe("owner");
  });

  it("forbids readers and writers to invite", async () => {
    const a = await createTestAccount();
    for (const actor of [a.reader, a.writer]) {
      await expect(inviteMember(actor, { email: "x@example.test", role: "reader" })).rejects.toBeInstanceOf(Forbidden);
    }
    expect((await listMembers(a.owner)).totalCount).toBe(4);
  });

  it("refuses bad input with the field that is wrong", async () => {
    const a = await createTestAccount();
    const cases: [unknown, string][] = [
      [{ email: "not an email", role: "reader" }, "email"],
      [{ email: `${"x".repeat(320)}@example.test`, role: "reader" }, "email"],
      [{ email: "ok@example.test", role: "god" }, "role"],
      [{ email: "ok@example.test", role: "reader", firstName: "x".repeat(101) }, "firstName"],
      [{ email: "ok@example.test", role: "reader", lastName: "a\u0000b" }, "lastName"],
    ];
    for (const [input, field] of cases) {
      const attempt = inviteMember(a.owner, input as never);
      await expect(attempt).rejects.toBeInstanceOf(Invalid);
      await expect(attempt).rejects.toMatchObject({ fieldErrors: { [field]: expect.any(String) } });
    }
  });
});
