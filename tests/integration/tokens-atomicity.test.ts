import { testDatabaseKind } from "../helpers/env";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokens, auditLog, tokenSecrets } from "@/db/schema";
import type { ChangeRecord } from "@/lib/audit";
import { hashTokenSecret } from "@/lib/secrets";
import { cloneAccessToken, createAccessToken, resetAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { reader } from "../helpers/fixtures";

// Property 9, second half (SECURITY.md): a failure in the middle of a token operation leaves
// nothing half-written. The history write is the last step of every operation, after the token
// and secret rows; making it fail there is a crash at the worst moment — the new rows exist,
// inside the transaction, and must vanish with it.
const crash = vi.hoisted(() => ({ on: null as string | null, sawRowsInside: 0 }));

vi.mock("@/lib/audit", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/audit")>();
  return {
    ...actual,
    recordChange: async (tx: Parameters<typeof actual.recordChange>[0], record: ChangeRecord) => {
      if (crash.on !== record.action) return actual.recordChange(tx, record);
      // Proof that this is mid-operation: the transaction can see the rows it wrote.
      const inside = tx as unknown as Awaited<ReturnType<typeof database>>;
      crash.sawRowsInside = (await inside.select({ id: tokenSecrets.id }).from(tokenSecrets).where(eq(tokenSecrets.tokenId, record.target.id))).length;
      throw new Error("simulated crash after the token rows were written");
    },
  };
});

let a: TestAccount;
beforeAll(async () => {
  a = await createTestAccount();
});
afterEach(() => {
  crash.on = null;
  crash.sawRowsInside = 0;
});
afterAll(() => closeDatabase());

async function rowsOf(tokenName: string) {
  const db = await database();
  const tokens = await db
    .select({ id: accessTokens.id })
    .from(accessTokens)
    .where(and(eq(accessTokens.accountId, a.accountId), eq(accessTokens.name, tokenName)));
  const history = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.accountId, a.accountId));
  return { tokens, history: history.length };
}

async function secretsOf(tokenId: string) {
  const db = await database();
  return db.select({ hash: tokenSecrets.hash, expiresAt: tokenSecrets.expiresAt }).from(tokenSecrets).where(eq(tokenSecrets.tokenId, tokenId));
}

describe(`a crash mid-operation leaves nothing half-written (${testDatabaseKind})`, () => {
  it("a create that fails after writing the token and its secret leaves neither", async () => {
    const before = await rowsOf("doomed create");
    crash.on = "tokenCreated";
    await expect(createAccessToken(a.writer, { name: "doomed create", permission: reader })).rejects.toThrow(/simulated crash/);
    expect(crash.sawRowsInside).toBe(1);
    expect(await rowsOf("doomed create")).toEqual({ tokens: [], history: before.history });
    // The name is free again: nothing of the failed attempt holds it.
    crash.on = null;
    await expect(createAccessToken(a.writer, { name: "doomed create", permission: reader })).resolves.toBeTruthy();
  });

  it("a clone that fails leaves no clone and no secret", async () => {
    const original = await createAccessToken(a.writer, { name: "cloned", permission: reader });
    const before = await rowsOf("cloned (copy)");
    crash.on = "tokenCloned";
    await expect(cloneAccessToken(a.writer, original.token.id)).rejects.toThrow(/simulated crash/);
    expect(crash.sawRowsInside).toBe(1);
    expect(await rowsOf("cloned (copy)")).toEqual({ tokens: [], history: before.history });
  });

  it("a reset that fails leaves the old secret the only one, unexpired", async () => {
    const { token, secret } = await createAccessToken(a.writer, { name: "reset", permission: reader });
    for (const oldSecretExpiresAt of [null, new Date(Date.now() + 3600_000)]) {
      crash.on = "tokenReset";
      await expect(resetAccessToken(a.writer, token.id, { oldSecretExpiresAt })).rejects.toThrow(/simulated crash/);
      // Inside, the old secret had been ended (or given a deadline) and a new one written.
      expect(crash.sawRowsInside).toBe(oldSecretExpiresAt ? 2 : 1);
      expect(await secretsOf(token.id)).toEqual([{ hash: hashTokenSecret(secret), expiresAt: null }]);
    }
  });
});
