import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { classifyError, type ErrorClass } from "../errors";
import { acceptedRequestId, requestRecordOf } from "../operations";

export type ApiErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
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
  method_not_allowed: 405,
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

/**
 * LaunchDarkly's error shape: `{code, message, id}` — never a stack trace. `id` names the request:
 * the id server.ts gave it (its X-Request-Id), else the client's own X-Request-Id when it is a
 * safe one (as server.ts would accept it), else a new one. It says nothing about why a request was
 * refused, so every 401 stays the same answer but for the request's own id.
 */
export function apiError(c: Context, code: ApiErrorCode, message: string) {
  return c.json({ code, message, id: requestIdOf(c) }, STATUS_OF[code]);
}

/** The id an error body names its request by (see apiError). */
export function requestIdOf(c: Context): string {
  return requestRecordOf(c.env?.incoming)?.id ?? acceptedRequestId(c.req.header("x-request-id")) ?? randomUUID();
}

/**
 * How the API says each class of error: its code, and the message for classes that carry none
 * of their own. `unauthenticated` is answered by the app's error handler with the one 401
 * (authenticate.ts unauthorized); it is mapped here too so that no class is ever without a code.
 */
const API_ANSWERS: Record<ErrorClass, { code: ApiErrorCode; message: string }> = {
  invalid: { code: "invalid_request", message: "Invalid request" },
  forbidden: { code: "forbidden", message: "You are not allowed to do that" },
  not_found: { code: "not_found", message: "Not found" },
  conflict: { code: "conflict", message: "Conflict" },
  limit: { code: "conflict", message: "Limit reached" },
  unauthenticated: { code: "unauthorized", message: "You are signed out" },
  unavailable: { code: "service_unavailable", message: "The database is unavailable; try again shortly" },
  unexpected: { code: "internal_error", message: "Something went wrong" },
};

/** Maps anything a route threw to `{code, message}` and a status. */
export function errorResponse(c: Context, error: unknown) {
  if (error instanceof ApiError) return apiError(c, error.code, error.message);
  if (error instanceof z.ZodError) return apiError(c, "invalid_request", describeZodError(error));
  const { class: kind, message, fieldErrors } = classifyError(error);
  const answer = API_ANSWERS[kind];
  // Only an error's name is logged: its message might quote input.
  if (kind === "unexpected") console.error(`[api] ${c.req.method} ${c.req.path} failed: ${error instanceof Error ? error.name : "error"}`);
  const fields = fieldErrors ? Object.entries(fieldErrors).map(([f, m]) => `${f}: ${m}`) : [];
  const text = message ?? answer.message;
  return apiError(c, answer.code, fields.length ? `${text} (${fields.join("; ")})` : text);
}

export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid request";
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}
