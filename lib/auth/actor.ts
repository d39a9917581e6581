// Builds the token Actor (the member one: session-member.ts). No Next imports and no
// "server-only": the REST API, server actions and tests all load actors through this file.
// Admins and owners see every member's personal tokens ("show all").
import { isAdminOrAbove, type TokenActor } from "../access";
import { builtInPolicy, storedPolicy, type BuiltInRole, type Policy } from "../policy";

/** A token's permission as stored: the custom roles' and the inline policy still unparsed. */
export type StoredTokenPermission =
  | { kind: "role"; role: BuiltInRole }
  | { kind: "customRoles"; policies: unknown[] }
  | { kind: "inline"; policy: unknown };

/**
 * The policy a token carries on its own. A personal token's built-in role includes "manage my
 * own personal tokens" for its member; a service token belongs to no one, so it does not. A
 * token whose custom roles were all deleted has an empty policy, which allows nothing.
 */
export function tokenPolicyOf(permission: StoredTokenPermission, personalTokenMemberId: string | null): Policy {
  switch (permission.kind) {
    case "role":
      return builtInPolicy(permission.role, personalTokenMemberId);
    case "customRoles":
      return permission.policies.flatMap((policy) => storedPolicy(policy));
    case "inline":
      return storedPolicy(permission.policy);
  }
}

/**
 * The actor for a request made with an API token (authentication itself is authenticate.ts).
 * `member` is the token's creator as currently stored, already checked to be active for a
 * personal token. Show-all is only for tokens holding the admin or owner role (and, for a
 * personal token, whose member still does): a custom-role or inline-policy token cannot show it
 * holds an admin's authority.
 */
export function tokenActor(input: {
  accountId: string;
  member: { id: string; email: string; role: BuiltInRole; policy: Policy };
  token: { id: string; name: string; serviceToken: boolean; role: BuiltInRole | null; policy: Policy; secretId: string; expiresAt: Date | null };
  ip: string | null;
}): TokenActor {
  const { member, token } = input;
  const tokenMayViewAll = token.role !== null && isAdminOrAbove(token.role);
  return {
    kind: "token",
    accountId: input.accountId,
    memberId: member.id,
    memberRole: member.role,
    memberPolicy: member.policy,
    token: {
      id: token.id,
      name: token.name,
      serviceToken: token.serviceToken,
      policy: token.policy,
      role: token.role,
      secretId: token.secretId,
      expiresAt: token.expiresAt,
    },
    displayName: token.name,
    ip: input.ip,
    canViewAllTokens: tokenMayViewAll && (token.serviceToken || isAdminOrAbove(member.role)),
  };
}
