// What autovacuum does for PostgreSQL, for the embedded database: PGlite runs one backend and no
// background workers, so nothing ever ANALYZEs or VACUUMs its tables. Without statistics the
// planner guesses (a 25-row token page hash-joined 10,000 rows: 165 ms instead of 0.5 ms), and
// without VACUUM the visibility map stays empty, so index-only scans visit every heap page.
import type { PGlite } from "@electric-sql/pglite";

/** PostgreSQL's autovacuum defaults (autovacuum_*_threshold and *_scale_factor). */
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE = 0.2;
const INSERT_VACUUM_THRESHOLD = 1000;
const INSERT_VACUUM_SCALE = 0.2;
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;

const DEFAULT_INTERVAL_MS = 60_000;

type Client = Pick<PGlite, "query" | "exec" | "closed">;

interface TableActivity {
  schema: string;
  table: string;
  /** -1 until the table's first VACUUM or ANALYZE. */
  reltuples: number;
  dead: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
}

export interface MaintenanceAction {
  table: string;
  command: "VACUUM (ANALYZE)" | "VACUUM" | "ANALYZE";
}

/** What autovacuum would do to a table now, or null (the same thresholds as PostgreSQL's). */
export function maintenanceFor(t: TableActivity): MaintenanceAction["command"] | null {
  const tuples = Math.max(t.reltuples, 0);
  const vacuum =
    t.dead > VACUUM_THRESHOLD + VACUUM_SCALE * tuples ||
    // Insert-only tables need VACUUM too (PostgreSQL 13+): it sets the visibility map.
    t.insertedSinceVacuum > INSERT_VACUUM_THRESHOLD + INSERT_VACUUM_SCALE * tuples;
  const analyze = t.modifiedSinceAnalyze > ANALYZE_THRESHOLD + ANALYZE_SCALE * tuples;
  if (vacuum && analyze) return "VACUUM (ANALYZE)";
  return vacuum ? "VACUUM" : analyze ? "ANALYZE" : null;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * One autovacuum-like pass: reads the activity counters and vacuums / analyzes the tables past
 * their thresholds. Returns what it ran. Each statement goes through the client's own queue, so
 * it waits for any open transaction instead of running inside it.
 */
export async function runMaintenancePass(client: Client): Promise<MaintenanceAction[]> {
  // The backend publishes its counters at most once a second, after a statement: ask it to
  // publish them after this one, so the pass reads them up to date.
  await client.query("select pg_stat_force_next_flush()");
  const { rows } = await client.query<TableActivity>(
    `select s.schemaname as schema, s.relname as "table", c.reltuples::float8 as reltuples,
            s.n_dead_tup::float8 as dead, s.n_ins_since_vacuum::float8 as "insertedSinceVacuum",
            s.n_mod_since_analyze::float8 as "modifiedSinceAnalyze"
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid`,
  );
  const done: MaintenanceAction[] = [];
  for (const row of rows) {
    const command = maintenanceFor(row);
    if (!command) continue;
    if (client.closed) break;
    await client.exec(`${command} ${quoteIdent(row.schema)}.${quoteIdent(row.table)}`);
    done.push({ table: row.table, command });
  }
  return done;
}

export interface EmbeddedMaintenance {
  /** The first pass (after open), for tests; never rejects. */
  readonly firstPass: Promise<void>;
  /** Stops the timer; a statement already queued still runs (close() waits for it). */
  stop(): void;
}

/**
 * Starts maintenance on a freshly opened embedded database: one `VACUUM (ANALYZE)` right away —
 * the activity counters do not survive a restart, so changes made before it would otherwise never
 * be counted (on unchanged tables it is cheap: VACUUM skips all-visible pages, ANALYZE samples) —
 * then an autovacuum-like pass every `intervalMs`. Errors are swallowed: maintenance must never
 * take the application down, and the database may be closing under it.
 */
export function startEmbeddedMaintenance(client: Client, { intervalMs = DEFAULT_INTERVAL_MS } = {}): EmbeddedMaintenance {
  let stopped = false;
  // Passes run one after another (a slow one is never overlapped by the next tick's).
  let running: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<unknown>): Promise<void> => {
    const next = running.then(async () => {
      if (!stopped && !client.closed) await work();
    });
    running = next.catch(() => {});
    return running;
  };
  const firstPass = serially(() => client.exec("VACUUM (ANALYZE)"));
  const timer = setInterval(() => void serially(() => runMaintenancePass(client)), intervalMs);
  // Never keeps a process (a script, a test run) alive on its own.
  timer.unref();
  return {
    firstPass,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
