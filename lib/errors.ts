/**
 * The domain's one error vocabulary. Domain functions throw these; each door maps
 * them — a server action to `{ ok: false, error, fieldErrors? }`, the REST API to `{code, message}`.
 */
export type DomainErrorKind = "not_found" | "forbidden" | "invalid" | "conflict" | "limit_reached" | "unauthenticated";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class NotFound extends DomainError {
  constructor(message = "Not found") {
    super("not_found", message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = "You are not allowed to do that") {
    super("forbidden", message);
  }
}

export class Invalid extends DomainError {
  constructor(message: string, fieldErrors?: Record<string, string>) {
    super("invalid", message, fieldErrors);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, fieldErrors?: Record<string, string>) {
    super("conflict", message, fieldErrors);
  }
}

export class LimitReached extends DomainError {
  constructor(message: string) {
    super("limit_reached", message);
  }
}

/**
 * The caller's credential stopped being good between the moment the request was authenticated
 * and the moment its write ran: the secret was reset away, the token deleted or expired, the
 * member removed, or the role the decision was made with changed. Each door answers it exactly
 * as it answers no credential at all (the API's one 401, the console's sign-in page), so it
 * tells the caller nothing a fresh request would not.
 */
export class Unauthenticated extends DomainError {
  constructor() {
    super("unauthenticated", "You are signed out");
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
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
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNSTORABLE_INPUT_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
