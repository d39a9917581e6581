import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "../lib/env";
import * as schema from "./schema";

/**
 * PostgreSQL settings of the embedded database. Its WebAssembly memory never shrinks: every page
 * PostgreSQL touches stays resident for the life of the process, so these keep it small
 * (docs/benchmarks.md, "Memory"):
 * - shared_buffers 8MB: the default 128 MB would all be resident from the start; file reads go
 *   through the operating system's page cache anyway (the same CPU per query as 16 and 128 MB).
 * - max_connections 2: PGlite runs a single backend; the default 100 sizes the per-connection
 *   shared structures and the lock table for a hundred (4 MB).
 * - default_statistics_target 10: ANALYZE (db/maintenance.ts) reads a sample of 300 × the target
 *   rows of each table into memory; the default 100 reads up to 30,000 (7–8 MB with a 10,000-token
 *   account and its change history). Ten histogram buckets and ten common values are plenty for
 *   the embedded database's plans, which are index lookups by owner and keyset scans in creation
 *   order.
 */
const EMBEDDED_SETTINGS = ["-c", "shared_buffers=8MB", "-c", "max_connections=2", "-c", "default_statistics_target=10"];

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "postgres" | "pglite";

interface DbState {
  kind: DbKind;
  db: Db;
  /** The driver's own client: a pg Pool, or the PGlite instance. */
  client: unknown;
  close: () => Promise<void>;
}

// One client per process, on globalThis: the custom server's bundle and Next's bundle each load
// their own copy of this module, and PGlite must never be opened twice on one data directory.
const KEY = Symbol.for("tollgate.database");
const QUERIES = Symbol.for("tollgate.databaseQueries");
type Holder = { [KEY]?: Promise<DbState>; [QUERIES]?: { count: number } };
const holder = globalThis as Holder;

// Every statement the process sends, counted (one increment: cheap enough to stay on in
// production, so the benchmark measures the code that ships). `npm run bench` reads it to prove
// that a refused malformed token costs no database work.
const queries = (holder[QUERIES] ??= { count: 0 });
const logger = { logQuery: () => void queries.count++ };

/** Statements sent to the database by this process so far (both bundles' queries: one client). */
export function databaseQueryCount(): number {
  return queries.count;
}

async function open(): Promise<DbState> {
  // `next build` must never open (or create) the embedded database.
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error("The database is not available while building");
  }
  const config = env();
  // Drivers are imported lazily so that importing this module (e.g. during `next build`) never
  // opens, or even loads, a database.
  let state: DbState;
  if (config.databaseUrl) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { boundQueries, postgresTimeouts } = await import("./timeouts");
    // connectionTimeoutMillis also bounds the wait for a free connection when all ten are busy.
    const pool = new Pool({ connectionString: config.databaseUrl, max: 10, ...postgresTimeouts(config) });
    pool.on("connect", boundQueries);
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on("error", () => {});
    state = { kind: "postgres", db: drizzle({ client: pool, schema, logger }) as unknown as Db, client: pool, close: () => pool.end() };
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { mkdir } = await import("node:fs/promises");
    // "memory://" keeps the database in memory (tests); anything else is a directory.
    if (!config.dataDir.startsWith("memory://")) await mkdir(config.dataDir, { recursive: true });
    const client = await PGlite.create(config.dataDir, { startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] });
    state = { kind: "pglite", db: drizzle({ client, schema, logger }) as unknown as Db, client, close: () => client.close() };
  }
  try {
    await migrate(state, config);
    if (config.demo) {
      const { seedDemo } = await import("./seed");
      await seedDemo(state.db);
    }
  } catch (error) {
    await state.close().catch(() => {});
    throw error;
  }
  if (state.kind === "pglite") {
    // PGlite has no autovacuum: db/maintenance.ts keeps its planner statistics and visibility map.
    const { startEmbeddedMaintenance } = await import("./maintenance");
    const maintenance = startEmbeddedMaintenance(state.client as Parameters<typeof startEmbeddedMaintenance>[0]);
    const close = state.close;
    state.close = () => (maintenance.stop(), close());
  }
  return state;
}

/**
 * Applies the migrations. On PostgreSQL they get a short-lived pool of their own: a migration may
 * rightly run longer than any request's statement timeout, and its advisory lock needs a session,
 * which a transaction-mode pooler does not keep — so it uses TOLLGATE_LISTEN_DATABASE_URL, the
 * direct connection, when there is one.
 */
async function migrate(state: DbState, config: ReturnType<typeof env>) {
  const { migrateDatabase } = await import("./migrate");
  if (state.kind === "pglite") return migrateDatabase(state.db, state.kind);
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: config.listenDatabaseUrl ?? config.databaseUrl!, max: 2, connectionTimeoutMillis: config.databaseConnectTimeoutMs });
  pool.on("error", () => {});
  try {
    await migrateDatabase(drizzle({ client: pool, schema }) as unknown as Db, state.kind);
  } finally {
    await pool.end();
  }
}

function state(): Promise<DbState> {
  let pending = holder[KEY];
  if (!pending) {
    pending = open();
    holder[KEY] = pending;
    // A failed start (database down) is retried on the next call instead of cached forever.
    pending.catch(() => {
      if (holder[KEY] === pending) delete holder[KEY];
    });
  }
  return pending;
}

/** The process's database, migrated (and seeded in demo mode) before it is first returned. */
export async function database(): Promise<Db> {
  return (await state()).db;
}

export async function databaseKind(): Promise<DbKind> {
  return (await state()).kind;
}

/** The open database's driver client (a pg Pool or the PGlite instance), for db/notifications.ts. */
export async function databaseDriver(): Promise<{ kind: DbKind; db: Db; client: unknown }> {
  const { kind, db, client } = await state();
  return { kind, db, client };
}

/** Closes the process's database (tests, graceful shutdown); the next call opens it again. */
export async function closeDatabase(): Promise<void> {
  const pending = holder[KEY];
  if (!pending) return;
  delete holder[KEY];
  const s = await pending.catch(() => null);
  await s?.close();
}

/** Runs raw SQL and returns its rows: node-postgres and PGlite both answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: import("drizzle-orm").SQLWrapper): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
