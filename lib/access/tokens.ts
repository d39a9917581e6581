// Who may do what with a token (README, "Decisions"). Pure: every lifecycle operation and the row
// menu (abilities.ts) ask these same functions.
import { Forbidden, Invalid } from "../errors";
import { canGrantRole, isAdminOrAbove, personalTokenResource, serviceTokenResource, type Action, type BuiltInRole, type Policy } from "../policy";
import type { Actor } from "./actor";
import { canActOn, roleCeiling } from "./rules";

/** A token's permission, parsed and valid: what the domain stores and every rule reads. */
export type TokenPermission =
  | { kind: "role"; role: BuiltInRole }
  | { kind: "customRoles"; customRoleIds: string[] }
  | { kind: "inline"; policy: Policy };

/** The facts about a token that permission rules depend on. */
export interface TokenFacts {
  memberId: string;
  name: string;
  serviceToken: boolean;
  /** Whether the owner of a personal token has been removed from the account. */
  memberRemoved: boolean;
  expiresAt: Date | null;
}

/** A token whose secret an operation would hand to the caller: a new one, a clone, a reset one. */
export type RevealedTokenFacts = Pick<TokenFacts, "memberId" | "name" | "serviceToken" | "expiresAt"> & { permission: TokenPermission };

export function tokenResource(token: Pick<TokenFacts, "memberId" | "name" | "serviceToken">): string {
  return token.serviceToken ? serviceTokenResource(token.name) : personalTokenResource(token.memberId, token.name);
}

/**
 * Throws Forbidden when the actor may not give a token this permission. Custom roles and inline
 * policies cannot be ranked against a built-in role: on a personal token that is harmless (each
 * request is checked against the member too), but a service token answers to no member, so only
 * admins and owners may give one a custom role or an inline policy. A token (rather than a
 * member) needs an admin's ceiling for either, for the reason given at roleCeiling.
 */
export function assertMayGrant(actor: Actor, permission: TokenPermission, serviceToken: boolean): void {
  const ceiling = roleCeiling(actor);
  if (permission.kind === "role") {
    if (!canGrantRole(ceiling, permission.role)) {
      throw new Forbidden(`You can't give a token a role above your own (${ceiling})`);
    }
    return;
  }
  const needsAdmin = serviceToken || actor.kind === "token";
  if (needsAdmin && !isAdminOrAbove(ceiling)) {
    const what = permission.kind === "customRoles" ? "custom roles" : "an inline policy";
    throw new Forbidden(`Only admins and owners can give a ${serviceToken ? "service " : ""}token ${what}`);
  }
}

export function mayGrant(actor: Actor, permission: TokenPermission, serviceToken: boolean): boolean {
  try {
    assertMayGrant(actor, permission, serviceToken);
    return true;
  } catch {
    return false;
  }
}

/**
 * The latest a token made or re-dated by this actor may expire: a caller acting through a token
 * that expires may not make one that outlives it, or a leaked token about to expire would buy
 * permanent access. Null: no limit (a member in the console, or a token that never expires).
 */
export function expiryCeiling(actor: Actor): Date | null {
  return actor.kind === "token" ? actor.token.expiresAt : null;
}

function outlivesCaller(actor: Actor, expiresAt: Date | null): boolean {
  const ceiling = expiryCeiling(actor);
  return ceiling !== null && (expiresAt === null || expiresAt.getTime() > ceiling.getTime());
}

/** Throws Invalid, on the expiration field, when the expiration would outlive the calling token. */
export function assertWithinCallerExpiry(actor: Actor, expiresAt: Date | null): void {
  if (!outlivesCaller(actor, expiresAt)) return;
  const message = `A token cannot outlive the token that creates it or changes its expiration: the token you are using expires ${expiryCeiling(actor)?.toISOString()}, so choose an expiration no later than that`;
  throw new Invalid(message, { expiresAt: message });
}

type NotCreatable = "not yours" | "may not create" | "above ceiling" | "outlives caller";

/**
 * The part of the reveal rule that needs only the token's owner, name and type. It is cheap, so
 * creation checks it before the permission is parsed: validating an inline policy costs CPU that
 * a caller who may not create the token must not be able to spend.
 */
function whyNotCreatableAt(actor: Actor, token: Pick<TokenFacts, "memberId" | "name" | "serviceToken">): NotCreatable | null {
  if (!token.serviceToken && token.memberId !== ownerOfPersonalTokens(actor)) return "not yours";
  if (!canActOn(actor, "createAccessToken", tokenResource(token))) return "may not create";
  return null;
}

/**
 * Create, clone and reset hand the caller a secret, so each may only give them a token they could
 * have created themselves: a personal token of their own, or a service token if they may create
 * it — either within their role ceiling and, through an expiring token, expiring no later than
 * it. Why not, or null when they could. Otherwise whoever may reset a stronger token (an admin
 * resetting the owner's) would come away holding its secret, and its power.
 */
function whyNotCreatable(actor: Actor, token: RevealedTokenFacts): NotCreatable | null {
  const where = whyNotCreatableAt(actor, token);
  if (where) return where;
  if (!mayGrant(actor, token.permission, token.serviceToken)) return "above ceiling";
  if (outlivesCaller(actor, token.expiresAt)) return "outlives caller";
  return null;
}

export function couldHaveCreated(actor: Actor, token: RevealedTokenFacts): boolean {
  return whyNotCreatable(actor, token) === null;
}

function refuseCreation(why: NotCreatable, actor: Actor, token: Partial<RevealedTokenFacts> & Pick<TokenFacts, "serviceToken">): never {
  if (why === "not yours") throw new Forbidden("A service token cannot create personal tokens: those belong to members");
  if (why === "may not create") {
    throw new Forbidden(token.serviceToken ? "You are not allowed to create service tokens" : "You are not allowed to create this token");
  }
  if (why === "above ceiling" && token.permission) assertMayGrant(actor, token.permission, token.serviceToken);
  if (token.expiresAt !== undefined) assertWithinCallerExpiry(actor, token.expiresAt);
  throw new Forbidden("You are not allowed to create this token");
}

/** Throws unless the actor may create a token of this name and type as their own (before its permission is known). */
export function assertMayCreateAt(actor: Actor, token: Pick<TokenFacts, "name" | "serviceToken">): void {
  const why = whyNotCreatableAt(actor, { ...token, memberId: actor.memberId });
  if (why !== null) refuseCreation(why, actor, token);
}

/** Throws, with the reason in the caller's terms, when the actor could not have created this token. */
export function assertCouldHaveCreated(actor: Actor, token: RevealedTokenFacts, operation: "create" | "reset"): void {
  const why = whyNotCreatable(actor, token);
  if (why === null) return;
  if (operation === "create") refuseCreation(why, actor, token);
  throw new Forbidden(resetRefusal(why, actor));
}

function resetRefusal(why: NotCreatable, actor: Actor): string {
  switch (why) {
    case "not yours":
      return "Only its own member can reset a personal token, because a reset hands the new secret to whoever resets it";
    case "may not create":
      return "You can only reset a token you could create yourself, because a reset hands you its new secret";
    case "above ceiling":
      return `You can only reset a token you could create yourself, and this one has more access than you can give a token (${roleCeiling(actor)})`;
    case "outlives caller":
      return "The token you are using expires, so it cannot reset a token that outlives it: the new secret would outlast yours";
  }
}

/**
 * Whose personal tokens are the actor's own: the member's, also when acting through one of their
 * personal tokens. A service token belongs to no one, so it has none — otherwise it would see
 * and manage its creator's personal tokens for as long as it lives.
 */
export function ownerOfPersonalTokens(actor: Actor): string | null {
  return actor.kind === "token" && actor.token.serviceToken ? null : actor.memberId;
}

/** A member sees their own personal tokens and all service tokens; admins see every token. */
export function canSeeToken(actor: Actor, token: Pick<TokenFacts, "memberId" | "serviceToken">): boolean {
  return token.serviceToken || token.memberId === ownerOfPersonalTokens(actor) || actor.canViewAllTokens;
}

/**
 * A removed member's personal tokens are dead (they answer 401); what is left to do with them is
 * to look and to delete. Editing or resetting would only revive confusion, and cloning would
 * hand someone else's scope to the cloner.
 */
export function isFrozen(token: TokenFacts): boolean {
  return !token.serviceToken && token.memberRemoved;
}

export const UPDATE_ACTIONS = [
  "updateAccessTokenName",
  "updateAccessTokenDescription",
  "updateAccessTokenPolicy",
  "updateAccessTokenApiVersion",
  "updateAccessTokenExpiration",
] as const satisfies readonly Action[];

/** A clone keeps its source's expiration while that lies in the future, else it has none. */
export function cloneExpiry(source: Pick<TokenFacts, "expiresAt">, now = new Date()): Date | null {
  return source.expiresAt && source.expiresAt.getTime() > now.getTime() ? source.expiresAt : null;
}

type NotClonable = "not yours" | "frozen" | "nothing to copy";

/**
 * Cloning is creating: the clone belongs to the cloner. So nobody — not even an admin — clones
 * another member's personal token (the copy would carry that person's scope under a new owner),
 * nor a removed member's, nor one whose custom roles are all gone; admins may clone service
 * tokens. The rest is the reveal rule, checked on the clone as it would be created.
 */
function whyNotClonable(actor: Actor, token: TokenFacts & { permission: TokenPermission }): NotClonable | null {
  if (!token.serviceToken && token.memberId !== ownerOfPersonalTokens(actor)) return "not yours";
  if (isFrozen(token)) return "frozen";
  if (token.permission.kind === "customRoles" && token.permission.customRoleIds.length === 0) return "nothing to copy";
  return null;
}

/** Throws, in the caller's terms, when the token is not one to clone (the reveal rule comes after). */
export function assertMayClone(actor: Actor, token: TokenFacts & { permission: TokenPermission }): void {
  switch (whyNotClonable(actor, token)) {
    case "not yours":
      throw new Forbidden("You can only clone your own personal tokens: a clone belongs to whoever makes it");
    case "frozen":
      throw new Forbidden(FROZEN_MESSAGE);
    case "nothing to copy":
      throw new Invalid("This token's custom roles have all been deleted, so there is nothing to copy");
  }
}

export function mayClone(actor: Actor, token: TokenFacts & { permission: TokenPermission }, cloneName: string): boolean {
  if (!canSeeToken(actor, token) || whyNotClonable(actor, token) !== null) return false;
  return couldHaveCreated(actor, { ...token, memberId: actor.memberId, name: cloneName, expiresAt: cloneExpiry(token) });
}

export const FROZEN_MESSAGE = "This token's member has been removed; the token can only be deleted";

/** See isFrozen: a removed member's personal token may only be viewed or deleted. */
export function assertNotFrozen(token: TokenFacts): void {
  if (isFrozen(token)) throw new Forbidden(FROZEN_MESSAGE);
}
