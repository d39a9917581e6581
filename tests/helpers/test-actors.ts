// Hand-built actors for the pure rule tests in lib/ (no database). Not imported by production code.
import { builtInPolicy, isAdminOrAbove, memberPolicy, type BuiltInRole, type Policy } from "@/lib/policy";
import type { MemberActor, TokenActor } from "@/lib/access";

export const ACCOUNT = "acct0000000000000000000a";

export function memberActor(role: BuiltInRole, memberId = `m-${role}`, customPolicies: Policy[] = []): MemberActor {
  return {
    kind: "member",
    accountId: ACCOUNT,
    memberId,
    memberRole: role,
    memberPolicy: memberPolicy(role, memberId, customPolicies),
    displayName: `${role}@example.test`,
    ip: null,
    canViewAllTokens: isAdminOrAbove(role),
  };
}

export function personalTokenActor(memberRole: BuiltInRole, tokenRole: BuiltInRole | null, tokenPolicy?: Policy): TokenActor {
  const member = memberActor(memberRole, "m-token-owner");
  return {
    ...member,
    kind: "token",
    token: {
      id: "tok-personal",
      secretId: "sec-personal",
      name: "ci",
      serviceToken: false,
      role: tokenRole,
      policy: tokenPolicy ?? (tokenRole ? builtInPolicy(tokenRole, member.memberId) : []),
      expiresAt: null,
    },
    displayName: "ci",
  };
}

export function serviceTokenActor(creatorRole: BuiltInRole, tokenRole: BuiltInRole | null, tokenPolicy?: Policy): TokenActor {
  const creator = memberActor(creatorRole, "m-creator");
  return {
    ...creator,
    kind: "token",
    token: {
      id: "tok-service",
      secretId: "sec-service",
      name: "deploy",
      serviceToken: true,
      role: tokenRole,
      policy: tokenPolicy ?? (tokenRole ? builtInPolicy(tokenRole, null) : []),
      expiresAt: null,
    },
    displayName: "deploy",
  };
}
