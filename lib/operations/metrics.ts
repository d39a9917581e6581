import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Door } from "./labels";

/**
 * Tollgate's Prometheus metrics (README, "Metrics"). Every label value comes from a short fixed
 * list or from a route template (lib/operations/labels.ts): never a secret, an email, a name, an
 * id or anything a client typed, so the exposition can be shown to whoever may scrape it.
 */

export type AuthOutcome = "ok" | "refused" | "throttled";
/**
 * Why, in categories: `token` / `password` (ok); `missing`, `malformed` (refused before any
 * database work), `unknown` (no live token has that secret: never existed, expired, deleted,
 * reset, or its member removed), `invalid` (a wrong email or password); `failed_auth_limit`,
 * `token_rate_limit`, `sign_in_limit` (throttled).
 */
export type AuthReason =
  | "token"
  | "password"
  | "missing"
  | "malformed"
  | "unknown"
  | "invalid"
  | "failed_auth_limit"
  | "token_rate_limit"
  | "sign_in_limit";
/** `off`: the cache is not trusted now (its notification connection is not proven), so it was not asked. */
export type CacheResult = "hit" | "miss" | "off";

/** What a pg Pool tells about itself (PGlite has no pool: one connection inside the process). */
interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

interface Metrics {
  registry: Registry;
  requests: Counter<"door" | "route" | "method" | "status">;
  duration: Histogram<"door" | "route" | "method">;
  authentications: Counter<"door" | "outcome" | "reason">;
  cacheLookups: Counter<"result">;
  /** The open database, once server.ts has told (the pool gauges read it at each scrape). */
  database: { kind: "postgres" | "pglite"; pool: PoolStats | null } | null;
  processMetrics: boolean;
}

// One registry per process, on globalThis: the custom server's bundle and Next's each load their
// own copy of this module (and possibly of prom-client), yet count into the same metrics.
const KEY = Symbol.for("tollgate.metrics");
type Holder = { [KEY]?: Metrics };

export function metrics(): Metrics {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createMetrics());
}

function createMetrics(): Metrics {
  const registry = new Registry();
  const state: Metrics = {
    registry,
    requests: new Counter({
      name: "tollgate_http_requests_total",
      help: "HTTP requests answered, by door (api, console), route template, method and status.",
      labelNames: ["door", "route", "method", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "tollgate_http_request_duration_seconds",
      help: "Time from a request's arrival until its response was sent, by door, route template and method.",
      labelNames: ["door", "route", "method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    authentications: new Counter({
      name: "tollgate_authentications_total",
      help: "Authentication attempts: API tokens (door=api) and console sign-ins (door=console), by outcome and reason category.",
      labelNames: ["door", "outcome", "reason"],
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: "tollgate_auth_cache_lookups_total",
      help: "API token authentications by what this instance's authentication cache answered: hit, miss, or off (not trusted now).",
      labelNames: ["result"],
      registers: [registry],
    }),
    database: null,
    processMetrics: false,
  };
  const pool = (name: string, help: string, read: (pool: PoolStats) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        const stats = state.database?.pool;
        const value = stats ? read(stats) : undefined;
        if (value !== undefined) this.set({ pool: "main" }, value);
      },
    });
  pool("tollgate_db_pool_connections", "Open connections of the PostgreSQL pool (absent on the embedded database).", (p) => p.totalCount);
  pool("tollgate_db_pool_idle_connections", "Idle connections of the PostgreSQL pool.", (p) => p.idleCount);
  pool("tollgate_db_pool_waiting_requests", "Queries waiting for a free connection of the PostgreSQL pool.", (p) => p.waitingCount);
  pool("tollgate_db_pool_max_connections", "The PostgreSQL pool's size.", (p) => p.options?.max);
  new Gauge({
    name: "tollgate_database_info",
    help: "The database this instance uses: postgres (a pool, see tollgate_db_pool_*) or pglite (embedded, one connection in the process).",
    labelNames: ["driver"],
    registers: [registry],
    collect() {
      if (state.database) this.set({ driver: state.database.kind }, 1);
    },
  });
  return state;
}

/** Tells the metrics which database is open; on PostgreSQL its pg Pool, read at each scrape. */
export function observeDatabase(kind: "postgres" | "pglite", client: unknown): void {
  metrics().database = { kind, pool: kind === "postgres" ? (client as PoolStats) : null };
}

/** Adds Node's process metrics (CPU, memory, event-loop delay, garbage collection): the server only. */
export function collectProcessMetrics(): void {
  const state = metrics();
  if (state.processMetrics) return;
  state.processMetrics = true;
  collectDefaultMetrics({ register: state.registry });
}

export function countRequest(door: Door, route: string, method: string, status: number, seconds: number): void {
  const state = metrics();
  state.requests.inc({ door, route, method, status: String(status) });
  state.duration.observe({ door, route, method }, seconds);
}

export function countAuthentication(door: Door, outcome: AuthOutcome, reason: AuthReason): void {
  metrics().authentications.inc({ door, outcome, reason });
}

/** A console sign-in's outcome (lib/auth/sign-in.ts's result). */
export function countSignIn(result: { ok: true } | { ok: false; reason: "invalid" | "throttled" }): void {
  if (result.ok) countAuthentication("console", "ok", "password");
  else if (result.reason === "throttled") countAuthentication("console", "throttled", "sign_in_limit");
  else countAuthentication("console", "refused", "invalid");
}

export function countCacheLookup(result: CacheResult): void {
  metrics().cacheLookups.inc({ result });
}

/** The exposition in Prometheus's text format. */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
