// Input rules for tokens. Doors parse their own wire formats first; the domain checks again here
// because it is the one place every door goes through (a typed value is not a trusted one).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { parseInput } from "../forms";
import { afterField, pageFields, type Cursor } from "../paging";
import { Invalid } from "../errors";
import { BUILT_IN_ROLES, parsePolicyInput, type Policy } from "../policy";
import { descriptionText, nameText, secretInPolicy } from "../text";
import { API_VERSIONS, CURRENT_API_VERSION, isApiVersion, type ApiVersion } from "./api-versions";
import type { CreateTokenInput, ListTokensQuery, TokenPermission, UpdateTokenInput } from "./types";

export const NAME_MAX_LENGTH = 100;
export const DESCRIPTION_MAX_LENGTH = 1000;
export const MAX_CUSTOM_ROLES_PER_TOKEN = 25;
/**
 * An expiration date is optional; when one is set it must lie within a year (366 days, so "a
 * year from today" picked at the end of a day still fits). Long-lived needs can choose no
 * expiration explicitly; the cap catches typos such as year 20255 that would make an
 * "expiring" token effectively permanent without anyone deciding so.
 */
export const MAX_EXPIRY_DAYS = 366;
/** The longest an old secret may stay valid after a reset through the API (the console offers 1 h, 24 h and 7 d). */
export const MAX_GRACE_DAYS = 30;
export const DEFAULT_LIST_LIMIT = 25;

const DAY_MS = 24 * 60 * 60 * 1000;

// A name is shown to everyone, tells tokens apart and is part of a policy resource: the shared
// text rule (no secret, nothing invisible, NFC) applies. A description may span lines.
export const tokenNameSchema = nameText(NAME_MAX_LENGTH);

/**
 * The name of a token created without one: "Unnamed token" and 8 random hex digits, so that
 * scripts creating several at once do not collide on the per-owner unique name. It is the name
 * the permission to create is checked on, like any other.
 */
export function defaultTokenName(): string {
  return `Unnamed token ${randomBytes(4).toString("hex")}`;
}

export const tokenDescriptionSchema = descriptionText(DESCRIPTION_MAX_LENGTH);

export const apiVersionSchema = z.custom<ApiVersion>(isApiVersion, {
  error: `Unknown API version; supported versions are ${API_VERSIONS.join(", ")}`,
});

function expiresAtSchema(now: Date) {
  const latest = now.getTime() + MAX_EXPIRY_DAYS * DAY_MS;
  return z
    .date({ error: "The expiration date is not a valid date" })
    .refine((date) => date.getTime() > now.getTime(), "The expiration date must be in the future")
    .refine((date) => date.getTime() <= latest, `The expiration date can be at most ${MAX_EXPIRY_DAYS} days ahead`)
    .nullable();
}

const customRoleIdsSchema = z
  .array(z.string().min(1, "Choose a custom role").max(64, "Unknown custom role"), { error: "Choose at least one custom role" })
  .min(1, "Choose at least one custom role")
  .max(MAX_CUSTOM_ROLES_PER_TOKEN, `A token can have at most ${MAX_CUSTOM_ROLES_PER_TOKEN} custom roles`)
  .transform((ids) => [...new Set(ids)]);

/** The first policy error, precise enough to point at (the JSON editor shows it). */
function policyProblem(errors: { message: string }[]): string {
  const [first] = errors;
  if (!first) return "The inline policy is invalid";
  return errors.length > 1 ? `${first.message} (and ${errors.length - 1} more problem${errors.length > 2 ? "s" : ""})` : first.message;
}

/** Bounded in size before it is validated (parsePolicyInput), and free of secrets. */
function parseInlinePolicy(input: unknown): Policy {
  const refuse = (message: string): never => {
    throw new Invalid(`The inline policy is invalid: ${message}`, { inlineRole: message });
  };
  const parsed = parsePolicyInput(input);
  if (!parsed.ok) return refuse(policyProblem(parsed.errors));
  const secret = secretInPolicy(parsed.policy);
  if (secret !== null) refuse(secret);
  return parsed.policy;
}

// Field names follow the LaunchDarkly API body (role / customRoleIds / inlineRole).
export function parsePermission(value: unknown): TokenPermission {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === "role") {
    const role = (value as { role?: unknown }).role;
    if (!(BUILT_IN_ROLES as readonly unknown[]).includes(role)) {
      throw new Invalid("Choose a role", { role: `Choose one of ${BUILT_IN_ROLES.join(", ")}` });
    }
    return { kind: "role", role: role as (typeof BUILT_IN_ROLES)[number] };
  }
  if (kind === "customRoles") {
    const parsed = customRoleIdsSchema.safeParse((value as { customRoleIds?: unknown }).customRoleIds);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "Choose at least one custom role";
      throw new Invalid(message, { customRoleIds: message });
    }
    return { kind: "customRoles", customRoleIds: parsed.data };
  }
  if (kind === "inline") return { kind: "inline", policy: parseInlinePolicy((value as { policy?: unknown }).policy) };
  throw new Invalid("Choose a role, custom roles or an inline policy", { role: "Choose a role" });
}

export interface ValidCreateInput {
  name: string;
  description: string;
  permission: TokenPermission;
  serviceToken: boolean;
  defaultApiVersion: ApiVersion;
  expiresAt: Date | null;
}

/** Everything but the permission: what deciding whether the actor may create the token needs. */
export function parseCreateFields(input: CreateTokenInput, now = new Date()): Omit<ValidCreateInput, "permission"> {
  return parseInput(
    z.object({
      name: tokenNameSchema.optional().transform((name) => name ?? defaultTokenName()),
      description: tokenDescriptionSchema.default(""),
      serviceToken: z.boolean({ error: "serviceToken must be true or false" }).default(false),
      defaultApiVersion: apiVersionSchema.default(CURRENT_API_VERSION),
      expiresAt: expiresAtSchema(now).default(null),
    }),
    input,
  );
}

export function parseCreateInput(input: CreateTokenInput, now = new Date()): ValidCreateInput {
  return { ...parseCreateFields(input, now), permission: parsePermission(input.permission) };
}

export type ValidUpdateInput = Omit<UpdateTokenInput, "permission" | "comment"> & { permission?: TokenPermission };

/** Only the fields present are checked and changed; `expiresAt: null` removes the expiration. */
export function parseUpdateInput(input: UpdateTokenInput, now = new Date()): ValidUpdateInput {
  const data = parseInput(
    z.object({
      name: tokenNameSchema.optional(),
      description: tokenDescriptionSchema.optional(),
      defaultApiVersion: apiVersionSchema.optional(),
      expiresAt: expiresAtSchema(now).optional(),
    }),
    input,
  );
  const result: ValidUpdateInput = {};
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined) Object.assign(result, { [key]: value });
  }
  if (input.permission !== undefined) result.permission = parsePermission(input.permission);
  return result;
}

/**
 * How long the replaced secret keeps working after a reset. Missing, now or in the past all mean
 * "stop it now" (the REST API's `expiry` defaults to now); the future is capped at 30 days so a
 * rotation cannot quietly leave a second secret alive indefinitely.
 */
export function parseOldSecretExpiry(value: Date | null | undefined, now = new Date()): Date | null {
  if (value === null || value === undefined) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new Invalid("The old secret's expiry is not a valid date", { oldSecretExpiresAt: "Not a valid date" });
  }
  if (value.getTime() <= now.getTime()) return null;
  if (value.getTime() > now.getTime() + MAX_GRACE_DAYS * DAY_MS) {
    const message = `The old secret can stay valid for at most ${MAX_GRACE_DAYS} days`;
    throw new Invalid(message, { oldSecretExpiresAt: message });
  }
  return value;
}

export interface ValidListQuery {
  showAll: boolean;
  type: "all" | "personal" | "service";
  search: string;
  memberId: string | null;
  limit: number;
  offset: number;
  /** Keyset paging: the page after this position (then `offset` counts from it). */
  after: Cursor | null;
}

// Built once: a zod schema costs far more to build (and compile) than to run.
const listQuerySchema = z.object({
  showAll: z.boolean().default(false),
  type: z.enum(["all", "personal", "service"], { error: "type must be all, personal or service" }).default("all"),
  search: z
    .string()
    // A search is free text from a URL: invisible control characters (NUL above all, which
    // PostgreSQL refuses in text) can only be noise, so they are dropped rather than refused.
    .transform((text) => text.replace(/[\u0000-\u001f\u007f]/g, "").trim())
    .pipe(z.string().max(NAME_MAX_LENGTH, `Search for at most ${NAME_MAX_LENGTH} characters`))
    .default(""),
  memberId: z.string().min(1).max(64).nullable().default(null),
  ...pageFields(DEFAULT_LIST_LIMIT),
  after: afterField(),
});

export function parseListQuery(query: ListTokensQuery): ValidListQuery {
  return parseInput(listQuerySchema, query);
}
