import { testDatabaseKind } from "../helpers/env";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { auditLog } from "@/db/schema";
import * as audit from "@/lib/audit";
import { listHistory } from "@/lib/audit";
import { createProject, updateProject } from "@/lib/projects";
import { cloneAccessToken, createAccessToken, resetAccessToken, updateAccessToken } from "@/lib/tokens";
import { hashTokenSecret } from "@/lib/secrets";
import { createTestAccount } from "../helpers/accounts";

afterAll(() => closeDatabase());

const ROOT = path.resolve(__dirname, "../..");
const SKIP = new Set(["node_modules", ".next", "dist", ".data", "tests", "e2e", "test-results", "playwright-report", "migrations"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || SKIP.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe(`change history is append-only (${testDatabaseKind})`, () => {
  it("offers no function that updates or deletes entries", () => {
    const names = Object.keys(audit);
    expect(names).toEqual(expect.arrayContaining(["recordChange", "diffFields", "listHistory", "listHistoryActors"]));
    expect(names.filter((name) => /update|delete|remove|erase|purge|truncate|edit/i.test(name))).toEqual([]);
  });

  it("has no application code that updates or deletes audit_log rows", () => {
    const writes = /\.(update|delete)\(\s*auditLog\b|\b(update|delete\s+from|truncate(\s+table)?)\s+"?audit_log\b/i;
    const files = sourceFiles(ROOT);
    // The scan must reach the code that writes history, or it proves nothing.
    expect(files.map((file) => path.relative(ROOT, file))).toEqual(expect.arrayContaining(["lib/audit/record.ts", "server.ts"]));
    expect(writes.test("await tx.delete(auditLog).where(x)") && writes.test("DELETE FROM audit_log")).toBe(true);
    const offenders = files.filter((file) => writes.test(readFileSync(file, "utf8")));
    expect(offenders.map((file) => path.relative(ROOT, file))).toEqual([]);
  });
});

describe(`change history never holds a secret (${testDatabaseKind})`, () => {
  it("keeps every secret and secret hash out of every entry, through the API and in the table", async () => {
    const a = await createTestAccount();
    const created = await createAccessToken(a.writer, { name: "ci", description: "for CI", permission: { kind: "role", role: "writer" } });
    const cloned = await cloneAccessToken(a.writer, created.token.id);
    const reset = await resetAccessToken(a.writer, created.token.id, { oldSecretExpiresAt: new Date(Date.now() + 3600_000) });
    await updateAccessToken(a.writer, cloned.token.id, { name: "ci renamed" });
    const service = await createAccessToken(a.admin, { name: "deploy", permission: { kind: "role", role: "reader" }, serviceToken: true });
    await createProject(a.writer, { key: "web", name: "Web" });
    await updateProject(a.writer, "web", { tags: ["ci"] });
    const secrets = [created.secret, cloned.secret, reset.secret, service.secret];
    const forbidden = [...secrets, ...secrets.map(hashTokenSecret)];

    const { items } = await listHistory(a.owner, { limit: 1000 });
    expect(items.map((e) => e.action)).toEqual([
      "projectUpdated",
      "projectCreated",
      "tokenCreated",
      "tokenUpdated",
      "tokenReset",
      "tokenCloned",
      "tokenCreated",
    ]);
    const db = await database();
    const rows = await db.select().from(auditLog).where(eq(auditLog.accountId, a.accountId));
    expect(rows).toHaveLength(items.length);
    const texts = [JSON.stringify(items), JSON.stringify(rows)];
    for (const text of texts) {
      for (const value of forbidden) expect(text).not.toContain(value);
      // Not even the part after the prefix, which a careless "obscure" might keep.
      for (const secret of secrets) expect(text).not.toContain(secret.slice(4, 24));
    }
  });
});
