/**
 * The domain's one error vocabulary. Domain functions throw these; classifyError sorts them (and
 * the database's own failures) into classes, which each door maps — a server action to
 * `{ ok: false, error, fieldErrors? }`, the REST API to `{code, message}`.
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
