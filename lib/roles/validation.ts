// Input rules for custom roles, exported so doors (forms, the REST API) reuse the same limits.
// The domain checks again because it is the one place every door goes through.
import { z } from "zod";
import { Invalid } from "../errors";
import { parsePolicyInput, type Policy, type PolicyError } from "../policy";
import { descriptionText, guardedKey, nameText, secretInPolicy } from "../text";
import type { BasePermissions, CreateRoleInput, UpdateRoleInput } from "./types";

export const ROLE_KEY_MAX_LENGTH = 64;
/** Lower-case letters, digits, ".", "_" and "-"; no "*" or "/", so a key is a literal in role/<key>. */
export const ROLE_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const ROLE_NAME_MAX_LENGTH = 100;
export const ROLE_DESCRIPTION_MAX_LENGTH = 1000;
/** At most this many policy problems are reported at once; the rest are counted. */
const MAX_REPORTED_POLICY_ERRORS = 5;

// Keys, names and descriptions follow the shared text rule (no secret, nothing invisible, NFC).
export const roleKeySchema = guardedKey({ label: "A key" }, { error: "Enter a key" })
  .min(1, "Enter a key")
  .max(ROLE_KEY_MAX_LENGTH, `A key can be at most ${ROLE_KEY_MAX_LENGTH} characters`)
  .regex(
    ROLE_KEY_PATTERN,
    "A key starts with a lower-case letter or digit and contains only lower-case letters, digits, \".\", \"_\" and \"-\"",
  );

export const roleNameSchema = nameText(ROLE_NAME_MAX_LENGTH);

/** Role ids are 24 hexadecimal digits; a key of that shape could be taken for another role's id. */
const ID_SHAPE = /^[0-9a-f]{24}$/;

/** A new key: the key rule, and never the shape of a role id (a role is found by key or id). */
const newRoleKeySchema = roleKeySchema.refine((key) => !ID_SHAPE.test(key), "A key cannot be 24 hexadecimal digits: that is the shape of a role id");

export const BASE_PERMISSIONS = ["reader", "no_access"] as const satisfies readonly BasePermissions[];
const basePermissionsSchema = z.enum(BASE_PERMISSIONS, { error: `basePermissions is one of ${BASE_PERMISSIONS.join(", ")}` });

export const roleDescriptionSchema = descriptionText(ROLE_DESCRIPTION_MAX_LENGTH);

/** Every problem the policy validator found (up to a few), each naming its statement and field. */
export function describePolicyErrors(errors: PolicyError[]): string {
  const shown = errors.slice(0, MAX_REPORTED_POLICY_ERRORS).map((e) => e.message);
  const rest = errors.length - shown.length;
  return rest > 0 ? `${shown.join("\n")}\n(and ${rest} more problem${rest > 1 ? "s" : ""})` : shown.join("\n");
}

/** The policy, bounded first, then validated, then checked for secrets; or its problems as one message. */
function checkPolicy(input: unknown): { policy: Policy } | { problem: string } {
  const parsed = parsePolicyInput(input);
  if (!parsed.ok) return { problem: describePolicyErrors(parsed.errors) || "The policy is invalid" };
  const secret = secretInPolicy(parsed.policy);
  return secret === null ? { policy: parsed.policy } : { problem: secret };
}

/** A valid policy, or Invalid with `fieldErrors.policy` holding the validator's precise messages. */
export function parseRolePolicy(input: unknown): Policy {
  const checked = checkPolicy(input);
  if ("problem" in checked) throw new Invalid(`The policy is invalid: ${checked.problem}`, { policy: checked.problem });
  return checked.policy;
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "input");
    fieldErrors[field] ??= issue.message;
  }
  return fieldErrors;
}

/** Field problems and policy problems are reported together, so a form can show them all at once. */
function failWith(error: z.ZodError | null, policy: unknown): never {
  const fieldErrors = error ? fieldErrorsOf(error) : {};
  const checked = policy === undefined ? null : checkPolicy(policy);
  if (checked && "problem" in checked) fieldErrors.policy = checked.problem;
  const first = error?.issues[0]?.message ?? (fieldErrors.policy && `The policy is invalid: ${fieldErrors.policy}`);
  throw new Invalid(first || "Invalid input", fieldErrors);
}

export interface ValidCreateRole {
  key: string;
  name: string;
  description: string;
  policy: Policy;
  basePermissions: BasePermissions;
}

export function parseCreateRole(input: CreateRoleInput): ValidCreateRole {
  const parsed = z
    .object({
      key: newRoleKeySchema,
      name: roleNameSchema,
      description: roleDescriptionSchema.default(""),
      basePermissions: basePermissionsSchema.default("reader"),
    })
    .safeParse({ key: input.key, name: input.name, description: input.description, basePermissions: input.basePermissions });
  if (!parsed.success) failWith(parsed.error, input.policy);
  return { ...parsed.data, policy: parseRolePolicy(input.policy) };
}

export interface ValidUpdateRole {
  name?: string;
  description?: string;
  policy?: Policy;
  basePermissions?: BasePermissions;
}

/** Only the fields present are checked and changed. */
export function parseUpdateRole(input: UpdateRoleInput): ValidUpdateRole {
  const parsed = z
    .object({ name: roleNameSchema.optional(), description: roleDescriptionSchema.optional(), basePermissions: basePermissionsSchema.optional() })
    .safeParse({ name: input.name, description: input.description, basePermissions: input.basePermissions });
  if (!parsed.success) failWith(parsed.error, input.policy);
  const valid: ValidUpdateRole = {};
  if (parsed.data.name !== undefined) valid.name = parsed.data.name;
  if (parsed.data.description !== undefined) valid.description = parsed.data.description;
  if (parsed.data.basePermissions !== undefined) valid.basePermissions = parsed.data.basePermissions;
  if (input.policy !== undefined) valid.policy = parseRolePolicy(input.policy);
  return valid;
}

/** A role id from a URL, checked before it is used in a query. */
export function isRoleIdShape(value: unknown): value is string {
  return typeof value === "string" && ID_SHAPE.test(value);
}

/** A role key from a URL or form, checked before it is used in a query or a resource. */
export function isRoleKey(key: unknown): key is string {
  return typeof key === "string" && ROLE_KEY_PATTERN.test(key);
}
