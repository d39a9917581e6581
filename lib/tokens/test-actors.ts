// Hand-built actors for the pure rule tests (no database). Not imported by production code.
import { builtInPolicy, memberPolicy, type BuiltInRole, type Policy } from "../policy";
import type { Actor } from "./types";

export const ACCOUNT = "acct0000000000000000000a";

export function memberActor(role: BuiltInRole, memberId = `m-${role}`, customPolicies: Policy[] = []): Actor {
  return {
    kind: "member",
    accountId: ACCOUNT,
    memberId,
    memberRole: role,
    memberPolicy: memberPolicy(role, memberId, customPolicies),
    displayName: `${role}@example.test`,
    ip: null,
    canViewAllTokens: role === "admin" || role === "owner",
  };
}

export function personalTokenActor(memberRole: BuiltInRole, tokenRole: BuiltInRole | null, tokenPolicy?: Policy): Actor {
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

export function serviceTokenActor(creatorRole: BuiltInRole, tokenRole: BuiltInRole | null, tokenPolicy?: Policy): Actor {
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
