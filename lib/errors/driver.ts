// What the database driver's errors mean. Drizzle wraps the driver's error (pg and PGlite alike
// carry code, constraint and message) in its own, so every question here looks down the `cause`
// chain — through one walker, bounded so a cyclic chain cannot loop.
const MAX_DEPTH = 5;

type DriverFields = { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };

/** The error and its causes, outermost first. */
export function causeChain(error: unknown): DriverFields[] {
  const chain: DriverFields[] = [];
  for (let e: unknown = error; e && chain.length < MAX_DEPTH; e = (e as DriverFields).cause) chain.push(e as DriverFields);
  return chain;
}

/** The driver's SQLSTATE (or socket error code): the first code down the chain. */
export function errorCode(error: unknown): unknown {
  return causeChain(error).find((e) => e.code !== undefined)?.code;
}

function hasCode(error: unknown, codes: ReadonlySet<string>): boolean {
  return causeChain(error).some((e) => typeof e.code === "string" && codes.has(e.code));
}

/**
 * PostgreSQL refuses some text that no input rule here forbids everywhere: U+0000 in any text
 * value (SQLSTATE 22021, e.g. a token id "\0" in a URL) and an unpaired UTF-16 surrogate inside
 * JSON (22P02, e.g. a name "\ud800" as the change history records it). Such a value is the
 * request's fault, and the transaction it failed in has rolled back, so each door answers it as
 * invalid input instead of an internal error.
 */
const UNSTORABLE_INPUT_CODES = new Set(["22021", "22P02", "22P05"]);
export const UNSTORABLE_INPUT_MESSAGE = "The request contains characters that cannot be stored (such as NUL or an unpaired surrogate)";

export function isUnstorableInput(error: unknown): boolean {
  return hasCode(error, UNSTORABLE_INPUT_CODES);
}

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "57P01", "57P03", "08006", "08001", "08003"]);
const CONNECTION_MESSAGE = /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i;

/** True when an error means the database cannot be reached (tell the caller to try again). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causeChain(error).some(
    (e) => (typeof e.code === "string" && CONNECTION_ERRORS.has(e.code)) || (typeof e.message === "string" && CONNECTION_MESSAGE.test(e.message)),
  );
}

// Deadlock and serialisation failures: PostgreSQL rolled the whole transaction back, so it can
// simply run again.
const RETRYABLE = new Set(["40P01", "40001"]);

export function isRetryable(error: unknown): boolean {
  return hasCode(error, RETRYABLE);
}

/** The unique index a 23505 error names ("" when it names none); null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  const violation = causeChain(error).find((e) => e.code === "23505");
  if (!violation) return null;
  return typeof violation.constraint === "string" ? violation.constraint : "";
}

/**
 * Drizzle's error message lists the query's parameters and PostgreSQL's `detail` repeats a
 * duplicate key — a hash, say. Errors get logged, so pass on only the driver's own message
 * and code (enough for "database unavailable" handling), never the values.
 */
export function withoutQueryDetails(error: unknown): Error {
  const { message, code } = causeChain(error).at(-1) ?? {};
  const clean = new Error(typeof message === "string" ? message : "Storing the token's secret failed");
  if (typeof code === "string") Object.assign(clean, { code });
  return clean;
}
