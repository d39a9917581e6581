// What each list's row menu may offer, for every list in one place: tokens, members, roles.
// Advisory only: every operation checks again on use, with the same rules.
import { isAdminOrAbove, memberResource, roleResource, type Action, type BuiltInRole } from "../policy";
import type { Actor } from "./actor";
import { canActOn, grantableRolesFor, mayManageMember, roleCeiling } from "./rules";
import { canSeeToken, couldHaveCreated, isFrozen, mayClone, tokenResource, UPDATE_ACTIONS, type TokenFacts, type TokenPermission } from "./tokens";

/** What the viewer may do with one token. */
export interface TokenAbilities {
  clone: boolean;
  edit: boolean;
  editPermission: boolean;
  reset: boolean;
  delete: boolean;
}

const NO_TOKEN_ABILITIES: TokenAbilities = { clone: false, edit: false, editPermission: false, reset: false, delete: false };

export function tokenAbilities(actor: Actor, token: TokenFacts & { accountId: string; permission: TokenPermission }): TokenAbilities {
  if (token.accountId !== actor.accountId || !canSeeToken(actor, token)) return NO_TOKEN_ABILITIES;
  const resource = tokenResource(token);
  const may = (action: Action) => canActOn(actor, action, resource);
  if (isFrozen(token)) return { ...NO_TOKEN_ABILITIES, delete: may("deleteAccessToken") };
  return {
    clone: mayClone(actor, token, `${token.name} (copy)`),
    // A service token's policy is fixed, so that permission alone does not make it editable.
    edit: UPDATE_ACTIONS.some((action) => !(token.serviceToken && action === "updateAccessTokenPolicy") && may(action)),
    editPermission: !token.serviceToken && may("updateAccessTokenPolicy"),
    // A reset reveals the new secret: only of a token the viewer could have created.
    reset: may("resetAccessToken") && couldHaveCreated(actor, token),
    delete: may("deleteAccessToken"),
  };
}

export interface MemberAbilities {
  changeRole: boolean;
  remove: boolean;
  viewTokens: boolean;
  resendInvitation: boolean;
  revokeInvitation: boolean;
  resetPassword: boolean;
}

/**
 * Nobody manages a member who outranks them, and nobody removes themselves (lib/members). A
 * pending invitation is revoked rather than removed (the address can be invited again), and
 * resent or revoked by whoever may invite; a password reset is for admins and owners, never on
 * oneself.
 */
export function memberAbilities(actor: Actor, member: { id: string; role: BuiltInRole; removed: boolean; pending: boolean }): MemberAbilities {
  const resource = memberResource(member.id);
  const isSelf = member.id === actor.memberId;
  const mayManage = !member.removed && mayManageMember(actor, member.role);
  const mayInvite = mayManage && canActOn(actor, "createMember", memberResource("*"));
  const established = mayManage && !isSelf && !member.pending;
  return {
    changeRole: mayManage && canActOn(actor, "updateMemberRole", resource),
    remove: established && canActOn(actor, "deleteMember", resource),
    viewTokens: !member.pending && (actor.canViewAllTokens || isSelf),
    resendInvitation: mayInvite && member.pending,
    revokeInvitation: mayInvite && member.pending,
    resetPassword: established && isAdminOrAbove(roleCeiling(actor)) && canActOn(actor, "updateMemberRole", resource),
  };
}

/** What the Members page offers above its rows. */
export function memberListAbilities(actor: Actor) {
  return {
    /** Built-in roles the viewer may grant (never above their own). */
    grantableRoles: grantableRolesFor(actor),
    /** Custom roles can't be ranked against built-in ones, so only admins and owners assign them. */
    canAssignCustomRoles: isAdminOrAbove(roleCeiling(actor)),
    canInvite: canActOn(actor, "createMember", memberResource("*")),
    canViewAllTokens: actor.canViewAllTokens,
  };
}

export function roleAbilities(actor: Actor, key: string): { edit: boolean; delete: boolean } {
  return { edit: canActOn(actor, "updateRole", roleResource(key)), delete: canActOn(actor, "deleteRole", roleResource(key)) };
}

export function canCreateRoles(actor: Actor): boolean {
  return canActOn(actor, "createRole", roleResource("*"));
}
