import { BUILT_IN_ROLES, TOKEN_ACTIONS, type BuiltInRole, type Policy, type Statement } from "./types";

export function roleRank(role: BuiltInRole): number {
  return BUILT_IN_ROLES.indexOf(role);
}

/**
 * Nobody can hand out more power than they hold: this single rule covers both
 * "only owners may grant owner" and "a reader may only mint reader tokens".
 */
export function canGrantRole(granterRole: BuiltInRole, role: BuiltInRole): boolean {
  return roleRank(role) <= roleRank(granterRole);
}

/** Admins and owners: the one place "admin or above" is written. */
export function isAdminOrAbove(role: BuiltInRole): boolean {
  return roleRank(role) >= roleRank("admin");
}

export function grantableRoles(granterRole: BuiltInRole): BuiltInRole[] {
  return BUILT_IN_ROLES.filter((role) => canGrantRole(granterRole, role));
}

function ownTokensStatement(memberId: string): Statement {
  // The id is spliced into a glob; a `*` in it would grant access to other members' tokens.
  if (memberId === "" || memberId.includes("*")) {
    throw new Error(`Invalid member id for a policy: ${JSON.stringify(memberId)}`);
  }
  return { effect: "allow", actions: [...TOKEN_ACTIONS], resources: [`member/${memberId}:token/*`] };
}

/**
 * The policy a built-in role confers. `selfMemberId` is null for service tokens, which
 * belong to no member and so get no "own personal tokens" statement.
 */
export function builtInPolicy(role: BuiltInRole, selfMemberId: string | null): Policy {
  if (role === "no_access") return [];
  const policy: Policy = selfMemberId === null ? [] : [ownTokensStatement(selfMemberId)];
  if (roleRank(role) >= roleRank("writer")) {
    policy.push({ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] });
  }
  if (isAdminOrAbove(role)) {
    policy.push({ effect: "allow", actions: ["*"], resources: ["*"] });
  }
  return policy;
}

/**
 * Custom roles are appended rather than merged, so a deny in any of them still overrides
 * every allow, including the built-in role's.
 */
export function memberPolicy(role: BuiltInRole, memberId: string, customRolePolicies: Policy[]): Policy {
  return [...builtInPolicy(role, memberId), ...customRolePolicies.flat()];
}
