import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accounts, auditLog } from "@/db/schema";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount } from "../helpers/accounts";

afterAll(closeDatabase);

describe("the database keeps change history append-only", () => {
  it("refuses to update or delete an entry, whoever asks", async () => {
    const account = await createTestAccount();
    await createAccessToken(account.writer, { name: "audited", permission: { kind: "role", role: "reader" } });
    const db = await database();
    const [entry] = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.accountId, account.accountId)).limit(1);
    expect(entry).toBeDefined();
    await expect(db.update(auditLog).set({ action: "forged" }).where(eq(auditLog.id, entry!.id))).rejects.toThrow();
    await expect(db.delete(auditLog).where(eq(auditLog.id, entry!.id))).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_log`)).rejects.toThrow();
    const [still] = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.id, entry!.id));
    expect(still?.action).toBe("tokenCreated");
  });

  it("still lets a whole account (and its history) be deleted", async () => {
    const account = await createTestAccount();
    await createAccessToken(account.writer, { name: "audited", permission: { kind: "role", role: "reader" } });
    const db = await database();
    await db.delete(accounts).where(eq(accounts.id, account.accountId));
    const left = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.accountId, account.accountId));
    expect(left).toEqual([]);
  });
});
