// LaunchDarkly's update bodies, told apart by their shape as LaunchDarkly documents them (the
// content type does not matter): a JSON Patch array; `{patch: [...], comment}`; `{merge: {...},
// comment}`; or any other object, a JSON Merge Patch (RFC 7386) on its own.
import { z } from "zod";
import { ApiError } from "./errors";
import { applyRestrictedPatch, parsePatchBody, patchBodySchema } from "./json-patch";

const COMMENT_MAX_LENGTH = 1000;
const comment = z.string({ error: "comment must be text" }).max(COMMENT_MAX_LENGTH, `comment: at most ${COMMENT_MAX_LENGTH} characters`).optional();
const mergeWithComment = z.object({ merge: z.record(z.string(), z.unknown()), comment }).strict();

/** The update bodies `applyUpdateBody` takes, as the OpenAPI document describes them. */
export const updateBodySchema = z
  .union([patchBodySchema, mergeWithComment, z.record(z.string(), z.unknown()).meta({ description: "A JSON Merge Patch (RFC 7386)" })])
  .meta({ id: "UpdateBody", description: "A JSON Patch (RFC 6902) array; {patch, comment}; {merge, comment}; or a JSON Merge Patch (RFC 7386) object" });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

type Merge = Record<string, unknown>;

// Assigning these would reach an object's prototype rather than add a field.
const FORBIDDEN_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/** RFC 7386: objects merge member by member, `null` removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (FORBIDDEN_NAMES.has(name)) throw new ApiError("patch_failed", `Field "${name}" cannot be changed`);
    if (value === null) delete result[name];
    else result[name] = mergePatch(result[name], value);
  }
  return result;
}

function parseBody(input: unknown): { apply: <T extends object>(document: T, roots: readonly string[]) => T; comment?: string } {
  if (isObject(input) && !("patch" in input)) {
    let merge: Merge = input;
    let note: string | undefined;
    if ("merge" in input) {
      const parsed = mergeWithComment.safeParse(input);
      if (!parsed.success) throw new ApiError("invalid_request", "A merge patch with a comment is {merge: {...}, comment}");
      merge = parsed.data.merge;
      note = parsed.data.comment;
    }
    return {
      comment: note,
      apply: (document, roots) => {
        for (const name of Object.keys(merge)) {
          if (!roots.includes(`/${name}`)) throw new ApiError("patch_failed", `Field "${name.slice(0, 100)}" cannot be changed; allowed: ${roots.map((r) => r.slice(1)).join(", ")}`);
        }
        return mergePatch(document, merge) as typeof document;
      },
    };
  }
  const operations = parsePatchBody(input);
  const note = isObject(input) ? comment.safeParse(input.comment).data : undefined;
  return { comment: note, apply: (document, roots) => applyRestrictedPatch(document, operations, { roots }) };
}

/**
 * Applies an update body of any of LaunchDarkly's forms to `document`, changing only the fields
 * under `roots` (e.g. "/name"); the rest is refused with 422 and nothing is written. Returns the
 * changed document and the caller's comment, if any.
 */
export function applyUpdateBody<T extends object>(document: T, input: unknown, roots: readonly string[]): { after: T; comment?: string } {
  const body = parseBody(input);
  const after = body.apply(document, roots);
  return body.comment === undefined ? { after } : { after, comment: body.comment };
}
