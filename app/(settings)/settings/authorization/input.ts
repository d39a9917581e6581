import { z } from "zod";
import { Invalid } from "@/lib/errors";
import { readPolicyJson } from "@/lib/policy";
import type { CreateTokenInput, TokenPermissionInput, UpdateTokenInput } from "@/lib/tokens";
import { isApiVersion, type ApiVersion } from "@/lib/tokens";

// The browser door's shapes (parse, don't trust). Server actions are public
// endpoints, so these accept `unknown` and bound every size before the domain sees anything.

// Only bounded here: the domain parses a permission once, for both doors (lib/tokens parsePermission).
const permission = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("role"), role: z.string().max(64) }),
  z.object({ kind: z.literal("customRoles"), customRoleIds: z.array(z.string().max(64)).max(100) }),
  z.object({ kind: z.literal("inline"), policyJson: z.string().max(256 * 1024) }),
]);

const apiVersion = z.number().refine(isApiVersion, "Choose one of the listed API versions").transform((v) => v as ApiVersion);
const expiresAt = z.iso.datetime({ offset: true }).nullable();

export const createTokenForm = z.object({
  name: z.string().max(10_000),
  description: z.string().max(100_000).default(""),
  permission,
  serviceToken: z.boolean().default(false),
  defaultApiVersion: apiVersion,
  expiresAt: expiresAt.default(null),
});

export const updateTokenForm = z.object({
  tokenId: z.string().max(64),
  name: z.string().max(10_000).optional(),
  description: z.string().max(100_000).optional(),
  permission: permission.optional(),
  defaultApiVersion: apiVersion.optional(),
  expiresAt: expiresAt.optional(),
});

export const resetTokenForm = z.object({
  tokenId: z.string().max(64),
  /** Hours the old secret keeps working: 0 (now), 1, 24 or 168. */
  graceHours: z.union([z.literal(0), z.literal(1), z.literal(24), z.literal(168)]),
});

export const tokenIdForm = z.object({ tokenId: z.string().max(64), name: z.string().max(10_000).optional() });

/**
 * The form's permission in the domain's shape. The editor's text is decoded as JSON, for the domain
 * to bound and validate once it has checked that the caller may make the change; only a syntax
 * error is reported here, with its line and column.
 */
function toPermission(input: z.output<typeof permission>): TokenPermissionInput {
  if (input.kind !== "inline") return input;
  const read = readPolicyJson(input.policyJson);
  if (!read.ok) throw new Invalid("The inline policy is not valid", { inlineRole: read.message });
  return { kind: "inline", policy: read.value };
}

export function toCreateInput(form: z.output<typeof createTokenForm>): CreateTokenInput {
  return {
    name: form.name,
    description: form.description,
    permission: toPermission(form.permission),
    serviceToken: form.serviceToken,
    defaultApiVersion: form.defaultApiVersion,
    expiresAt: form.expiresAt ? new Date(form.expiresAt) : null,
  };
}

export function toUpdateInput(form: z.output<typeof updateTokenForm>): UpdateTokenInput {
  const input: UpdateTokenInput = {};
  if (form.name !== undefined) input.name = form.name;
  if (form.description !== undefined) input.description = form.description;
  if (form.permission !== undefined) input.permission = toPermission(form.permission);
  if (form.defaultApiVersion !== undefined) input.defaultApiVersion = form.defaultApiVersion;
  if (form.expiresAt !== undefined) input.expiresAt = form.expiresAt ? new Date(form.expiresAt) : null;
  return input;
}
