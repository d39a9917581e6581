import { z } from "zod";
import { Invalid } from "@/lib/errors";
import { BUILT_IN_ROLES, parsePolicyJson } from "@/lib/policy";
import type { CreateTokenInput, TokenPermissionInput, UpdateTokenInput } from "@/lib/tokens";
import { isApiVersion, type ApiVersion } from "@/lib/tokens";

// The browser door's shapes (parse, don't trust). Server actions are public
// endpoints, so these accept `unknown` and bound every size before the domain sees anything.

const permission = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("role"), role: z.enum(BUILT_IN_ROLES) }),
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

function toPermission(input: z.output<typeof permission>): TokenPermissionInput {
  if (input.kind === "role") return { kind: "role", role: input.role };
  if (input.kind === "customRoles") {
    if (input.customRoleIds.length === 0) throw new Invalid("Choose at least one custom role", { customRoleIds: "Choose at least one custom role" });
    return { kind: "customRoles", customRoleIds: input.customRoleIds };
  }
  return { kind: "inline", policy: inlinePolicyFromJson(input.policyJson) };
}

/**
 * The editor's text as JSON, for the domain to bound and validate once it has checked that the
 * caller may make the change. Only a syntax error is reported here, with its line and column.
 */
function inlinePolicyFromJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const parsed = parsePolicyJson(text);
    const message = parsed.ok ? "The inline policy is not valid JSON" : parsed.errors.map((e) => e.message).join(" ");
    throw new Invalid("The inline policy is not valid", { inlineRole: message });
  }
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
