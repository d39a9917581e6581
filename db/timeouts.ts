import type { ClientConfig } from "pg";
import type { Env } from "../lib/env";

/**
 * Every wait on PostgreSQL is bounded, so an unreachable or silent database turns into an error
 * (the API's 503) instead of a request that hangs. Three waits, three timeouts (lib/env.ts):
 * connecting — or waiting for a free connection of the pool —, a statement PostgreSQL itself
 * cancels when it runs too long, and the answer to a query, for a network that swallows packets
 * without resetting the connection (no error ever arrives then; only a clock can tell).
 */
export function postgresTimeouts(config: Env): ClientConfig {
  return {
    connectionTimeoutMillis: config.databaseConnectTimeoutMs,
    query_timeout: config.databaseQueryTimeoutMs,
    // Sent when connecting (0: PostgreSQL's own setting). PgBouncer must be told to ignore it
    // (README, "PostgreSQL and scaling out").
    ...(config.databaseStatementTimeoutMs > 0 ? { statement_timeout: config.databaseStatementTimeoutMs } : {}),
    keepAlive: true,
  };
}

/** The pg client surface this module needs, without its internals in the types. */
interface Queryable {
  query: (...args: never[]) => unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

const QUERY_READ_TIMEOUT = "Query read timeout";
const QUERY_CANCELED = "57014";

/**
 * Makes a client's query timeouts final. pg gives up on the query but keeps the connection, with
 * the unanswered query still ahead of every later one: a pool would hand it out again and each
 * query on it would wait out the timeout in turn. So the connection is closed at once — without
 * the goodbye a silent network would never carry — and the error says the database is
 * unavailable (`ETIMEDOUT`, which the API answers with 503), as does a statement PostgreSQL
 * cancelled for running too long.
 */
export function boundQueries(client: Queryable): void {
  // An error on a connection in use is also delivered to its queries; this keeps the event
  // from crashing the process while nobody else listens.
  client.on("error", () => {});
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const settle = (error: unknown) => timeoutError(client, error);
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (error: unknown, result: unknown) => callback(error && settle(error), result);
      return query(...args);
    }
    const result = query(...args);
    return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(settle(error))) : result;
  };
}

function timeoutError(client: Queryable, error: unknown): unknown {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  if (message === QUERY_READ_TIMEOUT) {
    abandon(client);
    return Object.assign(new Error("PostgreSQL did not answer in time (TOLLGATE_DB_QUERY_TIMEOUT_MS)", { cause: error }), { code: "ETIMEDOUT" });
  }
  if (code === QUERY_CANCELED) {
    return Object.assign(new Error("PostgreSQL cancelled a statement that ran too long (TOLLGATE_DB_STATEMENT_TIMEOUT_MS)", { cause: error }), { code: "ETIMEDOUT" });
  }
  return error;
}

/** Closes a client's socket now; its pending queries fail and a pool drops it. */
export function abandon(client: object): void {
  (client as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
