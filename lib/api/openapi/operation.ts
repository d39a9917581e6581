import { describeRoute, resolver } from "hono-openapi";
import type { OpenAPIV3_1 } from "openapi-types";
import { z } from "zod";
import { errorSchema } from "./schemas";

/**
 * How a route describes itself for the OpenAPI document: a middleware (hono-openapi's
 * `describeRoute`) placed before the route's handler, built from the same zod schemas the
 * handler parses with. The document (document.ts) is generated from the routes Hono has
 * registered, so a route without one is missing from it, and the test that compares the two fails.
 */
export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  /** The query string's schema, as the handler parses it. */
  query?: z.ZodObject;
  /** The JSON body's schema, as the handler parses it. */
  body?: z.ZodType;
  bodyRequired?: boolean;
  /** The success answer: its status, and its body's schema (none for 204). */
  ok: { status: 200 | 201 | 204; schema?: z.ZodType; description: string };
  /** Errors this operation can answer beyond those every authenticated operation can. */
  errors?: ErrorStatus[];
  /** Only the API root and this document are open to anyone. */
  public?: boolean;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "Invalid request: a parameter, the body or the LD-API-Version header (code invalid_request)",
  401: "Invalid or missing access token (code unauthorized)",
  403: "The token may not do this (code forbidden)",
  404: "No such resource, or not visible to this token (code not_found)",
  409: "A conflict with the current state, or a limit reached (code conflict)",
  422: "The JSON Patch could not be applied (code patch_failed)",
  429: "Too many requests from this token, or too many failed authentications from this address (code rate_limited)",
  500: "An unexpected failure (code internal_error)",
  503: "The database is unavailable; try again shortly (code service_unavailable)",
};

/** What every operation behind authentication can answer, whatever it does. */
const AUTHENTICATED_ERRORS: ErrorStatus[] = [400, 401, 403, 429, 500, 503];

type JsonSchema = Record<string, unknown>;
const header = (description: string, schema: JsonSchema, required = false) => ({ description, schema, required });

/** Headers of every API answer. */
export const COMMON_HEADERS = {
  "X-Request-Id": header("The request's id (the client's own when it sent a safe one); the error body's `id`", { type: "string" }),
  "Access-Control-Allow-Origin": header("Always `*`: any origin may call the API with a token header, never with cookies", { type: "string", const: "*" }),
};

/** What authentication adds to the answers of a caller it accepted. */
export const CALLER_HEADERS = {
  "X-Ratelimit-Route-Remaining": header("Requests this token has left in the current window", { type: "string", pattern: "^\\d+$" }, true),
  "X-Ratelimit-Reset": header("When the window resets, in milliseconds since the Unix epoch", { type: "string", pattern: "^\\d+$" }, true),
};
/** An LD-API-Version as a request gives it: a date, or `beta` in any case (answered in the current version). */
const API_VERSION_SCHEMA = { type: "string" as const, pattern: "^\\s*(\\d{8}|[Bb][Ee][Tt][Aa])\\s*$" };
const VERSION_HEADER = {
  "LD-API-Version": header("The API version the request was answered in: the LD-API-Version it sent (a date, or `beta`), else the token's default", { type: "string", pattern: "^(\\d{8}|beta)$" }, true),
};
const RETRY_AFTER = { "Retry-After": header("Seconds to wait before trying again", { type: "string", pattern: "^\\d+$" }, true) };

/**
 * Answers are described as zod outputs: objects then forbid properties they do not name, so the
 * contract check refuses a field that a representation sends and its schema lacks.
 */
const OUTPUT = { options: { io: "output" } };
const errorContent = { "application/json": { schema: resolver(errorSchema, OUTPUT) } };

/**
 * Errors a route's handler answers (403, 404, 409, 422) come after authentication accepted the
 * caller, so they carry its headers; the others may also come before it (an oversized body, a bad
 * LD-API-Version, the failed-authentication limit, the database down while the token is looked up).
 */
const AFTER_AUTHENTICATION: ErrorStatus[] = [403, 404, 409, 422];

const optional = (headers: Record<string, ReturnType<typeof header>>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { ...v, required: false }]));

function errorResponse(status: ErrorStatus, authenticated: boolean) {
  const callerHeaders = { ...CALLER_HEADERS, ...VERSION_HEADER };
  const caller = !authenticated || status === 401 ? {} : AFTER_AUTHENTICATION.includes(status) ? callerHeaders : optional(callerHeaders);
  const retry = status === 429 ? RETRY_AFTER : {};
  return { description: ERROR_DESCRIPTIONS[status], headers: { ...COMMON_HEADERS, ...caller, ...retry }, content: errorContent };
}

/** The query schema's properties as OpenAPI parameters (zod's own JSON Schema of the input). */
function queryParameters(query: z.ZodObject): OpenAPIV3_1.ParameterObject[] {
  const json = z.toJSONSchema(query, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({ name, in: "query", required: json.required?.includes(name) ?? false, schema: schema as never }));
}

const API_VERSION_PARAMETER: OpenAPIV3_1.ParameterObject = {
  name: "LD-API-Version",
  in: "header",
  required: false,
  description: "The API version to answer in: one of 20240415, 20220603, 20210729, 20191212, or `beta` (the current version; Tollgate has no beta resources). The token's default when absent",
  schema: API_VERSION_SCHEMA,
};

/** The describeRoute middleware for one operation; `tag` groups the operations of a resource. */
export function documented(tag: string, op: Operation) {
  const authenticated = !op.public;
  const okHeaders = { ...COMMON_HEADERS, ...(authenticated ? { ...CALLER_HEADERS, ...VERSION_HEADER } : {}) };
  const ok: Record<string, unknown> = { description: op.ok.description, headers: okHeaders };
  if (op.ok.schema) ok.content = { "application/json": { schema: resolver(op.ok.schema, OUTPUT) } };
  const errors = authenticated ? [...new Set([...AUTHENTICATED_ERRORS, ...(op.errors ?? [])])].sort() : (op.errors ?? []);
  return describeRoute({
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [tag],
    ...(authenticated ? {} : { security: [] }),
    parameters: [...(op.query ? queryParameters(op.query) : []), ...(authenticated ? [API_VERSION_PARAMETER] : [])],
    ...(op.body ? { requestBody: { required: op.bodyRequired ?? true, content: { "application/json": { schema: resolver(op.body) } } } } : {}),
    responses: { [op.ok.status]: ok, ...Object.fromEntries(errors.map((s) => [s, errorResponse(s, authenticated)])) },
  });
}
