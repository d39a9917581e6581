// What every domain shares about the caller: who is acting (Actor), what they may do (the
// policies, role ranks and ceilings, the token rules), what each list's rows may offer, and the
// one way a write opens its transaction (writeAs, which re-checks the caller's credential).
// Other modules import from here only.
export type { ActingToken, Actor, MemberActor, TokenActor } from "./actor";
export { isServiceTokenActor } from "./actor";
export { canGrantRole, isAdminOrAbove, roleRank } from "../policy";
export { actorPolicies, assertMayAct, canActOn, canCreateServiceTokens, grantableRolesFor, mayManageMember, roleCeiling } from "./rules";
export {
  assertCouldHaveCreated,
  assertMayClone,
  assertMayCreateAt,
  assertMayGrant,
  assertNotFrozen,
  assertWithinCallerExpiry,
  canSeeToken,
  cloneExpiry,
  couldHaveCreated,
  expiryCeiling,
  isFrozen,
  mayClone,
  mayGrant,
  ownerOfPersonalTokens,
  tokenResource,
  type RevealedTokenFacts,
  type TokenFacts,
  type TokenPermission,
} from "./tokens";
export { canCreateRoles, memberAbilities, memberListAbilities, roleAbilities, tokenAbilities, type MemberAbilities, type TokenAbilities } from "./abilities";
export { assertActorCurrent, writeAs } from "./still-current";
export { endMemberSessions, SESSION_MAX_AGE_SECONDS, sessionIsLive } from "./sessions";
export { loadMemberActor, memberActorOf, memberRoles } from "./load-member";
