// Building blocks shared by the token mutations (create.ts, lifecycle.ts). Everything here runs
// inside the caller's transaction.
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessTokens, accounts, customRoles, tokenSecrets } from "../../db/schema";
import { transactionAs } from "../auth/still-current";
import { Conflict, Forbidden, Invalid, LimitReached, NotFound, uniqueViolation, withoutQueryDetails } from "../errors";
import type { Action } from "../policy";
import { generateTokenSecret, hashTokenSecret, tokenEnding } from "./format";
import { canActOn, isFrozen } from "./permissions";
import type { Actor, TokenView } from "./types";
import { factsOf } from "./views";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const NAME_INDEXES: Record<string, string> = {
  access_tokens_personal_name_idx: "This member already has a personal token with that name",
  access_tokens_service_name_idx: "A service token with that name already exists",
};

/**
 * Runs a mutation in one transaction, so the change and its history entry commit together or
 * not at all, after checking that the actor's credential is still good (transactionAs). A
 * duplicate name is caught by the unique indexes (a check-then-insert would race) and reported
 * on the name field.
 */
export async function write<T>(actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await transactionAs(actor, fn);
  } catch (error) {
    const index = uniqueViolation(error);
    const message = index === null ? undefined : NAME_INDEXES[index];
    if (message) throw new Conflict(message, { name: message });
    throw error;
  }
}

const VERBS: Partial<Record<Action, string>> = {
  createAccessToken: "create",
  updateAccessTokenName: "rename",
  updateAccessTokenDescription: "change the description of",
  updateAccessTokenPolicy: "change the role or policy of",
  updateAccessTokenApiVersion: "change the API version of",
  updateAccessTokenExpiration: "change the expiration of",
  resetAccessToken: "reset",
  deleteAccessToken: "delete",
};

export function assertMayAct(actor: Actor, action: Action, resource: string): void {
  if (!canActOn(actor, action, resource)) {
    throw new Forbidden(`You are not allowed to ${VERBS[action] ?? action} this token`);
  }
}

/** See permissions.ts isFrozen: a removed member's personal token may only be viewed or deleted. */
export function assertNotFrozen(token: TokenView): void {
  if (isFrozen(factsOf(token))) {
    throw new Forbidden("This token's member has been removed; the token can only be deleted");
  }
}

/**
 * Holds the account row until the transaction ends, so concurrent service-token creations count
 * one after another and the limit cannot be overshot. NO KEY UPDATE rather than UPDATE: it still
 * serialises these transactions, but does not block the key-share locks that every other insert
 * referencing the account takes for its foreign key.
 *
 * The limit is the account's own column. New accounts get TOLLGATE_SERVICE_TOKEN_LIMIT (default
 * 200) when they are created; a per-account value lets an operator raise one account's quota
 * without touching the others, as LaunchDarkly does "upon request".
 */
export async function assertServiceTokenQuota(tx: Tx, accountId: string): Promise<void> {
  const [account] = await tx
    .select({ limit: accounts.serviceTokenLimit })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for("no key update");
  if (!account) throw new NotFound("No such account");
  const [used] = await tx
    .select({ n: count() })
    .from(accessTokens)
    .where(and(eq(accessTokens.accountId, accountId), eq(accessTokens.serviceToken, true)));
  if ((used?.n ?? 0) >= account.limit) {
    throw new LimitReached(
      `This account has reached its limit of ${account.limit} service tokens; delete one before creating another`,
    );
  }
}

/** The same answer for another account's role as for a made-up id: existence never leaks. */
export async function assertCustomRolesInAccount(tx: Tx, accountId: string, ids: string[]): Promise<void> {
  const found = await tx
    .select({ id: customRoles.id })
    .from(customRoles)
    .where(and(eq(customRoles.accountId, accountId), inArray(customRoles.id, ids)));
  if (found.length !== new Set(ids).size) {
    const message = "One or more of the chosen custom roles do not exist";
    throw new Invalid(message, { customRoleIds: message });
  }
}

/**
 * Stores a new current secret for the token and returns the plaintext — the only time it
 * exists outside the caller's hands. Only its hash and last four characters are written.
 */
export async function insertCurrentSecret(tx: Tx, tokenId: string): Promise<string> {
  const secret = generateTokenSecret();
  try {
    await tx.insert(tokenSecrets).values({ tokenId, hash: hashTokenSecret(secret), ending: tokenEnding(secret) });
  } catch (error) {
    throw withoutQueryDetails(error);
  }
  return secret;
}
