import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { isDomainError, isUnstorableInput, UNSTORABLE_INPUT_MESSAGE, type DomainErrorKind } from "../errors";

export type ApiErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "patch_failed"
  | "rate_limited"
  | "service_unavailable"
  | "internal_error";

export const STATUS_OF: Record<ApiErrorCode, ContentfulStatusCode> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  patch_failed: 422,
  rate_limited: 429,
  service_unavailable: 503,
  internal_error: 500,
};

/** Thrown by routes and helpers; the app's error handler answers it. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** LaunchDarkly's error shape: `{code, message}` — never a stack trace. */
export function apiError(c: Context, code: ApiErrorCode, message: string) {
  return c.json({ code, message }, STATUS_OF[code]);
}

const DOMAIN_CODES: Record<DomainErrorKind, ApiErrorCode> = {
  not_found: "not_found",
  forbidden: "forbidden",
  invalid: "invalid_request",
  conflict: "conflict",
  limit_reached: "conflict",
  // Answered by the app's error handler with the one 401 (authenticate.ts unauthorized); mapped
  // here too so that no domain error is ever without a code.
  unauthenticated: "unauthorized",
};

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "57P01", "57P03", "08006", "08001", "08003"]);

/** True when an error means the database cannot be reached (answer 503 and let it recover). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERRORS.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps anything a route threw to `{code, message}` and a status. */
export function errorResponse(c: Context, error: unknown) {
  if (error instanceof ApiError) return apiError(c, error.code, error.message);
  if (isDomainError(error)) {
    const fields = error.fieldErrors ? Object.entries(error.fieldErrors).map(([f, m]) => `${f}: ${m}`) : [];
    return apiError(c, DOMAIN_CODES[error.kind], fields.length ? `${error.message} (${fields.join("; ")})` : error.message);
  }
  if (error instanceof z.ZodError) return apiError(c, "invalid_request", describeZodError(error));
  if (isUnstorableInput(error)) return apiError(c, "invalid_request", UNSTORABLE_INPUT_MESSAGE);
  if (isDatabaseUnavailable(error)) return apiError(c, "service_unavailable", "The database is unavailable; try again shortly");
  console.error(`[api] ${c.req.method} ${c.req.path} failed: ${error instanceof Error ? error.name : "error"}`);
  return apiError(c, "internal_error", "Something went wrong");
}

export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid request";
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}
