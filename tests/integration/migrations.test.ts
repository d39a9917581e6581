import { testDatabaseKind } from "../helpers/env";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/db/client";
import { migrateDatabase, MIGRATIONS_FOLDER } from "@/db/migrate";
import * as schema from "@/db/schema";

const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
const EXPECTED_TABLES = [
  "access_token_custom_roles", "access_tokens", "accounts", "audit_log", "custom_roles",
  "member_custom_roles", "members", "password_links", "project_environments", "projects", "rate_limits", "sessions", "settings", "token_secrets",
];

let created = 0;

/** A brand-new, empty database of the kind under test, with no migrations applied. */
async function emptyDatabase(): Promise<{ db: Db; close: () => Promise<void> }> {
  if (testDatabaseKind === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = await PGlite.create("memory://");
    return { db: drizzle({ client, schema }) as unknown as Db, close: () => client.close() };
  }
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const admin = new Pool({ connectionString: process.env.DATABASE_URL });
  const name = `tollgate_empty_${process.pid}_${++created}`;
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString() });
  return {
    db: drizzle({ client: pool, schema }) as unknown as Db,
    close: async () => {
      await pool.end();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

describe(`migrations on an empty ${testDatabaseKind} database`, () => {
  const opened: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of opened) await close();
  });

  it("creates every table of the schema and records each committed migration", async () => {
    const { db, close } = await emptyDatabase();
    opened.push(close);
    await migrateDatabase(db, testDatabaseKind);
    const tables = await queryRows<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(EXPECTED_TABLES);
    const applied = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(applied[0]?.n).toBe(journal.entries.length);
  });

  it("applies nothing twice when run again (every start runs it)", async () => {
    const { db, close } = await emptyDatabase();
    opened.push(close);
    await migrateDatabase(db, testDatabaseKind);
    await migrateDatabase(db, testDatabaseKind);
    const applied = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(applied[0]?.n).toBe(journal.entries.length);
  });

  it("enforces one stored hash per secret (a unique index, not application code)", async () => {
    const { db, close } = await emptyDatabase();
    opened.push(close);
    await migrateDatabase(db, testDatabaseKind);
    const [account] = await db.insert(schema.accounts).values({ name: "A" }).returning();
    const [member] = await db
      .insert(schema.members)
      .values({ accountId: account!.id, email: "a@x.test", role: "owner", passwordHash: "x" })
      .returning();
    const [token] = await db
      .insert(schema.accessTokens)
      .values({ accountId: account!.id, memberId: member!.id, name: "t", permissionKind: "role", role: "reader", defaultApiVersion: 20240415 })
      .returning();
    await db.insert(schema.tokenSecrets).values({ tokenId: token!.id, hash: "h", ending: "abcd", expiresAt: new Date() });
    await expect(db.insert(schema.tokenSecrets).values({ tokenId: token!.id, hash: "h", ending: "abcd" })).rejects.toThrow();
  });

  it("deletes the session secret earlier versions stored in the settings table, and nothing else there", async () => {
    const { db, close } = await emptyDatabase();
    opened.push(close);
    // The database as the version before: every migration up to the one that removes the secret.
    const before = mkdtempSync(path.join(tmpdir(), "tollgate-migrations-"));
    opened.push(async () => rmSync(before, { recursive: true, force: true }));
    cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
    const entries = (journal as { entries: { tag: string }[] }).entries;
    const removal = entries.findIndex((entry) => entry.tag.endsWith("_auth_secret_out_of_database"));
    expect(removal).toBeGreaterThan(0);
    writeFileSync(path.join(before, "meta/_journal.json"), JSON.stringify({ ...journal, entries: entries.slice(0, removal) }));
    const migrator = testDatabaseKind === "pglite" ? await import("drizzle-orm/pglite/migrator") : await import("drizzle-orm/node-postgres/migrator");
    await migrator.migrate(db as never, { migrationsFolder: before });
    await db.insert(schema.settings).values([{ key: "auth_secret", value: "a-secret-that-could-forge-sessions" }, { key: "setup_code:kept", value: "0".repeat(64) }]);

    await migrateDatabase(db, testDatabaseKind);
    expect(await db.select().from(schema.settings)).toEqual([{ key: "setup_code:kept", value: "0".repeat(64) }]);
  });
});
