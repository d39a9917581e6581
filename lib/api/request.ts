import type { Context } from "hono";
import { z } from "zod";
import { ApiError, describeZodError } from "./errors";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Parses with zod; any failure is a 400 with the first problem named. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ApiError("invalid_request", describeZodError(parsed.error));
  return parsed.data;
}

/** The JSON body; malformed JSON, a wrong content type or an oversized body is a 400, never a 500. */
export async function readJson(c: Context, options: { optional?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError("invalid_request", "The request body is too large");
  if (text.trim() === "") {
    if (options.optional) return undefined;
    throw new ApiError("invalid_request", "A JSON body is required");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "The body is not valid JSON");
  }
}
