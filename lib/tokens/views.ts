// Pure conversions between stored rows, TokenView and the facts permission rules need.
import { tokenAbilities as abilitiesOf, type Actor, type TokenAbilities, type TokenFacts } from "../access";
import type { BuiltInRole, Policy } from "../policy";
import { CURRENT_API_VERSION, isApiVersion } from "./api-versions";
import type { TokenPermission, TokenView } from "./types";

/** One row of the token list query (queries.ts). Never a hash: only the current secret's ending. */
export interface TokenRow {
  id: string;
  accountId: string;
  memberId: string;
  name: string;
  description: string;
  permissionKind: "role" | "customRoles" | "inline";
  role: BuiltInRole | null;
  inlineRole: unknown[] | null;
  serviceToken: boolean;
  defaultApiVersion: number;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
  memberEmail: string;
  memberFirstName: string;
  memberLastName: string;
  memberRole: BuiltInRole;
  memberRemovedAt: Date | null;
  ending: string | null;
}

export type CustomRoleSummary = { id: string; key: string; name: string };

export function toTokenView(row: TokenRow, customRoles: CustomRoleSummary[], now: Date): TokenView {
  let permission: TokenView["permission"];
  if (row.permissionKind === "role" && row.role) permission = { kind: "role", role: row.role };
  else if (row.permissionKind === "inline") permission = { kind: "inline", policy: (row.inlineRole ?? []) as Policy };
  else permission = { kind: "customRoles", customRoles };
  return {
    id: row.id,
    accountId: row.accountId,
    memberId: row.memberId,
    member: {
      id: row.memberId,
      email: row.memberEmail,
      firstName: row.memberFirstName,
      lastName: row.memberLastName,
      role: row.memberRole,
      removed: row.memberRemovedAt !== null,
    },
    name: row.name,
    description: row.description,
    permission,
    serviceToken: row.serviceToken,
    // Stored versions always come from API_VERSIONS; should one ever be retired, show the
    // current one (which is what requests without a version header would then get).
    defaultApiVersion: isApiVersion(row.defaultApiVersion) ? row.defaultApiVersion : CURRENT_API_VERSION,
    expiresAt: row.expiresAt,
    // An expired token keeps its row (listed, marked expired, until deleted: README "Decisions").
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime(),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastUsedAt: row.lastUsedAt,
    ending: row.ending ?? "",
  };
}

export function permissionOf(view: TokenView): TokenPermission {
  const p = view.permission;
  if (p.kind === "customRoles") return { kind: "customRoles", customRoleIds: p.customRoles.map((r) => r.id) };
  return p;
}

export function factsOf(view: TokenView): TokenFacts & { accountId: string; permission: TokenPermission } {
  return {
    accountId: view.accountId,
    memberId: view.memberId,
    name: view.name,
    serviceToken: view.serviceToken,
    memberRemoved: view.member.removed,
    expiresAt: view.expiresAt,
    permission: permissionOf(view),
  };
}

/** What the row menu may offer for this token (lib/access abilities; each operation checks again). */
export function tokenAbilities(actor: Actor, token: TokenView): TokenAbilities {
  return abilitiesOf(actor, factsOf(token));
}

/**
 * The permission as change history records it: ids, not names, so the entry stays true if a
 * custom role is renamed later.
 */
export function permissionForHistory(permission: TokenPermission): Record<string, unknown> {
  switch (permission.kind) {
    case "role":
      return { kind: "role", role: permission.role };
    case "customRoles":
      return { kind: "customRoles", customRoleIds: [...permission.customRoleIds].sort() };
    case "inline":
      return { kind: "inline", inlineRole: permission.policy };
  }
}
