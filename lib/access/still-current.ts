// The write-time half of authentication. A request is authenticated when it arrives, and its
// write runs a moment later; in between, its secret may be reset away, its token deleted or
// expired, its member removed or demoted. Every write transaction (writeAs) looks again before
// it changes anything, so a decision made with a credential that has since died never commits.
// No Next imports: the REST API, server actions and tests all write through here.
import { and, eq, isNull, sql } from "drizzle-orm";
import { accessTokens, members, sessions, tokenSecrets } from "../../db/schema";
import { transaction, type Reader, type Tx } from "../../db/tx";
import { Unauthenticated } from "../errors";
import type { Actor, MemberActor, TokenActor } from "./actor";
import { sessionIsLive } from "./sessions";

/**
 * Throws Unauthenticated unless the actor's credential is, as of this statement, what it was
 * when the actor was built: for a member, still active with the same built-in role; for a token,
 * the very secret it called with still live, the token unexpired with the same built-in role,
 * and, for a personal token, its member still active with the same role. A service token acts
 * with its own authority, so — as at authentication — its creator's membership does not matter.
 *
 * It takes no locks, so it cannot deadlock with anything. It is exact because of where it runs:
 * first in every write transaction, and again (findVisibleToken) right after a write has locked
 * the caller's own token — the one row a reset, a deletion or a permission change of that token
 * holds while it commits. A change that commits after this check without ever making the write
 * wait for it is ordered after the write, as if the write had come a moment earlier.
 */
export async function assertActorCurrent(db: Reader, actor: Actor): Promise<void> {
  const current = actor.kind === "member" ? await memberIsCurrent(db, actor) : await tokenIsCurrent(db, actor);
  if (!current) throw new Unauthenticated();
}

async function memberIsCurrent(db: Reader, actor: MemberActor): Promise<boolean> {
  const query = db.select({ role: members.role }).from(members);
  // Signed in to the console: the session row too, in the same query (lib/auth/sessions.ts).
  const withSession = actor.sessionId
    ? query.innerJoin(sessions, and(eq(sessions.id, actor.sessionId), eq(sessions.memberId, members.id), sessionIsLive()))
    : query;
  const [member] = await withSession
    .where(and(eq(members.id, actor.memberId), eq(members.accountId, actor.accountId), isNull(members.removedAt)))
    .limit(1);
  return member?.role === actor.memberRole;
}

async function tokenIsCurrent(db: Reader, actor: TokenActor): Promise<boolean> {
  const token = actor.token;
  // statement_timestamp(), not now(): after waiting for a lock, "now" is the moment we got it.
  const [row] = await db
    .select({
      serviceToken: accessTokens.serviceToken,
      permissionKind: accessTokens.permissionKind,
      role: accessTokens.role,
      memberRole: members.role,
      memberRemovedAt: members.removedAt,
    })
    .from(tokenSecrets)
    .innerJoin(accessTokens, eq(accessTokens.id, tokenSecrets.tokenId))
    .innerJoin(members, eq(members.id, accessTokens.memberId))
    .where(
      and(
        eq(tokenSecrets.id, token.secretId),
        eq(accessTokens.id, token.id),
        eq(accessTokens.accountId, actor.accountId),
        eq(accessTokens.memberId, actor.memberId),
        sql`(${tokenSecrets.expiresAt} is null or ${tokenSecrets.expiresAt} > statement_timestamp())`,
        sql`(${accessTokens.expiresAt} is null or ${accessTokens.expiresAt} > statement_timestamp())`,
      ),
    )
    .limit(1);
  if (!row || row.serviceToken !== token.serviceToken) return false;
  if ((row.permissionKind === "role" ? row.role : null) !== token.role) return false;
  return token.serviceToken || (row.memberRemovedAt === null && row.memberRole === actor.memberRole);
}

/**
 * The one way a domain write opens its transaction (db/tx.ts transaction: retries, duplicate keys,
 * the after-transaction hooks): the actor's credential is re-checked first, inside the same
 * transaction, on every attempt.
 */
export function writeAs<T>(actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(async (tx) => {
    await assertActorCurrent(tx, actor);
    return fn(tx);
  });
}
