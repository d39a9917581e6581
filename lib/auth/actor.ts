// Builds the Actor every domain function takes (lib/tokens/types.ts). No Next imports and no
// "server-only": the REST API, server actions and tests all load actors through this file.
import { and, eq, isNull } from "drizzle-orm";
import { database } from "../../db/client";
import { customRoles, memberCustomRoles, members } from "../../db/schema";
import { builtInPolicy, memberPolicy, parsePolicy, roleRank, type BuiltInRole, type Policy } from "../policy";
import type { Actor } from "../tokens/types";

/**
 * Stored policies were validated when written, but a row edited by hand or written by an older
 * version could still fail to parse. Dropping such a policy would also drop its denies and so
 * widen access; denying everything instead fails closed.
 */
const DENY_ALL: Policy = [{ effect: "deny", actions: ["*"], resources: ["*"] }];

export function storedPolicy(stored: unknown): Policy {
  const parsed = parsePolicy(stored);
  return parsed.ok ? parsed.policy : DENY_ALL;
}

/** Admins and owners see every member's personal tokens ("show all"). */
export function roleMayViewAllTokens(role: BuiltInRole): boolean {
  return roleRank(role) >= roleRank("admin");
}

/**
 * A member acting through the console, re-read
 * on every request so a role change or a removal applies at once. Null when the member does not
 * exist or has been removed. `sessionId` names the session row the request came with; every
 * write then checks it is still live.
 */
export async function loadMemberActor(memberId: string, ip: string | null, sessionId?: string): Promise<Actor | null> {
  const db = await database();
  const [member] = await db
    .select({ id: members.id, accountId: members.accountId, email: members.email, role: members.role })
    .from(members)
    .where(and(eq(members.id, memberId), isNull(members.removedAt)))
    .limit(1);
  if (!member) return null;
  const roles = await db
    .select({ policy: customRoles.policy })
    .from(memberCustomRoles)
    // The account condition keeps a stray cross-account link from granting anything.
    .innerJoin(customRoles, and(eq(customRoles.id, memberCustomRoles.roleId), eq(customRoles.accountId, member.accountId)))
    .where(eq(memberCustomRoles.memberId, member.id))
    .orderBy(customRoles.key);
  return {
    kind: "member",
    accountId: member.accountId,
    memberId: member.id,
    memberRole: member.role,
    memberPolicy: memberPolicy(member.role, member.id, roles.map((r) => storedPolicy(r.policy))),
    ...(sessionId ? { sessionId } : {}),
    displayName: member.email,
    ip,
    canViewAllTokens: roleMayViewAllTokens(member.role),
  };
}

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
 * The actor for a request made with an API token (authentication itself is lib/auth/api-token.ts).
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
}): Actor {
  const { member, token } = input;
  const tokenMayViewAll = token.role !== null && roleMayViewAllTokens(token.role);
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
    canViewAllTokens: tokenMayViewAll && (token.serviceToken || roleMayViewAllTokens(member.role)),
  };
}
