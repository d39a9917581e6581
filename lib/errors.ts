/**
 * The domain's one error vocabulary (STYLE §3). Domain functions throw these; each door maps
 * them — a server action to `{ ok: false, error, fieldErrors? }`, the REST API to `{code, message}`.
 */
export type DomainErrorKind = "not_found" | "forbidden" | "invalid" | "conflict" | "limit_reached";

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

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
