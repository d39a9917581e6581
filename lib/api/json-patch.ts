import fastJsonPatch from "fast-json-patch";
import { z } from "zod";
import { ApiError } from "./errors";

const { applyPatch, deepClone, JsonPatchError } = fastJsonPatch;

const operation = z.object({
  op: z.enum(["add", "remove", "replace", "move", "copy", "test"]),
  path: z.string().max(1024),
  from: z.string().max(1024).optional(),
  value: z.unknown().optional(),
});
// LaunchDarkly accepts a bare RFC 6902 array, or `{patch: [...], comment}`.
const body = z.union([z.array(operation).max(100), z.object({ patch: z.array(operation).max(100), comment: z.string().max(1000).optional() })]);

/** A PATCH body, as the OpenAPI document describes it. */
export const patchBodySchema = body.meta({ id: "JsonPatch", description: "A JSON Patch (RFC 6902) array, or {patch, comment}" });

export type PatchOperation = z.infer<typeof operation>;

const PROTOTYPE_SEGMENT = /(^|\/)(__proto__|constructor|prototype)(\/|$)/;

export function parsePatchBody(input: unknown): PatchOperation[] {
  const parsed = body.safeParse(input);
  if (!parsed.success) throw new ApiError("invalid_request", "The body must be a JSON Patch (RFC 6902) array of operations");
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.patch;
}

/** The `comment` of a `{patch, comment}` body (checked by the domain), or undefined. */
export function patchComment(input: unknown): unknown {
  return input && typeof input === "object" && !Array.isArray(input) ? (input as { comment?: unknown }).comment : undefined;
}

/**
 * Applies a JSON Patch to a copy of `document`, allowing only `ops` on paths under `roots`
 * (e.g. "/name", "/inlineRole/0/actions/-"). Anything else — another op, another path, a failed
 * `test`, a path that does not resolve — is 422 patch_failed, and nothing is written.
 */
export function applyRestrictedPatch<T extends object>(
  document: T,
  operations: PatchOperation[],
  options: { roots: readonly string[]; ops?: readonly PatchOperation["op"][] },
): T {
  const ops = options.ops ?? ["add", "remove", "replace", "test"];
  for (const operation of operations) {
    if (!ops.includes(operation.op)) throw new ApiError("patch_failed", `Operation "${operation.op}" is not supported here; use ${ops.join(", ")}`);
    const allowed = options.roots.some((root) => operation.path === root || operation.path.startsWith(`${root}/`));
    if (!allowed) throw new ApiError("patch_failed", `Path "${operation.path.slice(0, 100)}" cannot be patched; allowed: ${options.roots.join(", ")}`);
    // fast-json-patch refuses these itself, but with a TypeError that would surface as a 500.
    if (PROTOTYPE_SEGMENT.test(operation.path)) throw new ApiError("patch_failed", `Path "${operation.path.slice(0, 100)}" cannot be patched`);
    if (operation.op !== "remove" && !("value" in operation)) throw new ApiError("patch_failed", `Operation "${operation.op}" on ${operation.path} needs a value`);
  }
  try {
    return applyPatch(deepClone(document) as T, operations as never, true, true).newDocument;
  } catch (error) {
    if (error instanceof JsonPatchError) {
      const reason = error.name === "TEST_OPERATION_FAILED" ? "a test operation failed" : "an operation could not be applied";
      throw new ApiError("patch_failed", `The patch was not applied: ${reason} (operation ${Number(error.index ?? 0) + 1})`);
    }
    throw error;
  }
}
