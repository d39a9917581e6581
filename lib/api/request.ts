import type { Context } from "hono";
import { z } from "zod";
import { ApiError, describeZodError } from "./errors";

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Requests that can carry a policy (writes under /roles and /tokens) are smaller: a policy is at
 * most 64 KB as JSON, and this leaves room for the rest of the body and for JSON's escapes,
 * while bounding what parsing and patching cost before the domain decides who may.
 */
export const MAX_POLICY_BODY_BYTES = 128 * 1024;
const POLICY_ROUTES = /^\/api\/v2\/(roles|tokens)(\/|$)/;

/** The most a request to `path` may send, in bytes. */
export function bodyLimitFor(path: string): number {
  return POLICY_ROUTES.test(path) ? MAX_POLICY_BODY_BYTES : MAX_BODY_BYTES;
}

/** What a refused body is told: the limit that applies to it. */
export function bodyTooLargeMessage(limit: number): string {
  return `The request body is too large: at most ${limit / 1024} KB here`;
}
/** Far deeper than any body the API reads (a JSON Patch of an inline policy nests 5 levels). */
export const MAX_JSON_DEPTH = 32;

/** Parses with zod; any failure is a 400 with the first problem named. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ApiError("invalid_request", describeZodError(parsed.error));
  return parsed.data;
}

/** The JSON body; malformed JSON, a wrong content type or an oversized body is a 400, never a 500. */
export async function readJson(c: Context, options: { optional?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text();
  const limit = bodyLimitFor(c.req.path);
  if (text.length > limit) throw new ApiError("invalid_request", bodyTooLargeMessage(limit));
  if (text.trim() === "") {
    if (options.optional) return undefined;
    throw new ApiError("invalid_request", "A JSON body is required");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "The body is not valid JSON");
  }
  // JSON.parse takes any depth, but recursive walks after it (JSON.stringify, fast-json-patch's
  // checks) overflow the stack near 10,000 levels, which would be a 500 for bad input.
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new ApiError("invalid_request", `The body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return value;
}

/** Iterative, so the check itself cannot overflow the stack it protects. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue;
    if (next.depth >= limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
