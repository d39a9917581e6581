import { testDatabaseKind } from "../helpers/env";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database, queryRows } from "@/db/client";
import { auditLog, members } from "@/db/schema";
import { loadMemberActor } from "@/lib/auth";
import { env } from "@/lib/env";
import { Forbidden, Invalid } from "@/lib/errors";
import { EmailsNotInvitable, inviteMember, listMembers } from "@/lib/members";
import { hashLinkToken } from "@/lib/passwords";
import { createTestAccount } from "../helpers/accounts";
import { dumpEveryTable } from "../helpers/dump-tables";

const DAY = 24 * 60 * 60 * 1000;

afterAll(() => closeDatabase());

describe(`inviting a member (${testDatabaseKind})`, () => {
  it("adds a pending member with no password and returns a set-password link on the public URL", async () => {
    const a = await createTestAccount();
    const { member, setPasswordUrl, expiresAt, emailed } = await inviteMember(a.admin, {
      email: "  New.Person@Example.test ",
      firstName: "New",
      lastName: "Person",
      role: "writer",
    });
    expect(member).toMatchObject({ email: "new.person@example.test", firstName: "New", lastName: "Person", role: "writer", removed: false, pending: true, customRoles: [], personalTokenCount: 0, lastSignInAt: null });
    expect(setPasswordUrl).toMatch(new RegExp(`^${env().publicUrl}/set-password/[A-Za-z0-9_-]{43}$`));
    expect(emailed).toBe(false);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * DAY);
    const db = await database();
    const [row] = await db.select({ hash: members.passwordHash, setAt: members.passwordSetAt }).from(members).where(eq(members.id, member.id));
    expect(row).toEqual({ hash: null, setAt: null });
    expect((await loadMemberActor(member.id, null))?.memberRole).toBe("writer");
    expect((await listMembers(a.reader)).items.map((m) => m.id)).toContain(member.id);
  });

  it("gives every invitation a different link", async () => {
    const a = await createTestAccount();
    const first = await inviteMember(a.owner, { email: "one@example.test", role: "reader" });
    const second = await inviteMember(a.owner, { email: "two@example.test", role: "reader" });
    expect(first.setPasswordUrl).not.toBe(second.setPasswordUrl);
  });

  it("stores and records the link nowhere in plain text, and shows it in no read of the member", async () => {
    const a = await createTestAccount();
    const { member, setPasswordUrl } = await inviteMember(a.owner, { email: "secret@example.test", role: "admin" });
    const token = setPasswordUrl.split("/set-password/")[1]!;
    const db = await database();
    const dump = JSON.stringify(await dumpEveryTable((text) => queryRows<Record<string, unknown>>(db, sql.raw(text))));
    expect(dump).toContain(member.id);
    expect(dump).toContain(hashLinkToken(token));
    expect(dump).not.toContain(token);
    expect(JSON.stringify(member)).not.toContain(token);
    expect(JSON.stringify(await listMembers(a.owner))).not.toContain(token);
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

  it("refuses an email already in the account, whatever its case, naming it with LaunchDarkly's code", async () => {
    const a = await createTestAccount();
    const taken = inviteMember(a.owner, { email: a.writer.displayName.toUpperCase(), role: "reader" });
    await expect(taken).rejects.toBeInstanceOf(EmailsNotInvitable);
    await expect(taken).rejects.toMatchObject({
      kind: "invalid",
      code: "email_already_exists_in_account",
      emails: [a.writer.displayName.toLowerCase()],
      fieldErrors: { email: expect.stringContaining("already a member") },
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
    expect(reason).toMatchObject({ code: "email_already_exists_in_account", emails: ["race@example.test"] });
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
