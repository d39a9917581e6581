import path from "node:path";
import type { Db, DbKind } from "./client";

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

// Any fixed number: every instance takes the same lock so only one migrates at a time.
const MIGRATION_LOCK = 7_301_944_211;

/** Applies the committed drizzle-kit migrations (idempotent; safe with several instances). */
export async function migrateDatabase(db: Db, kind: DbKind): Promise<void> {
  if (kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  // Several app instances may start at once against one PostgreSQL: a session advisory lock on a
  // dedicated connection makes the others wait, then find nothing left to apply.
  const pool = (db as unknown as { $client: import("pg").Pool }).$client;
  const lockClient = await pool.connect();
  try {
    await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    lockClient.release();
  }
}
