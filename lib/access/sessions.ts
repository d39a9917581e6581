// When a console session row still counts (lib/auth/sessions.ts keeps the rows): the one rule
// that both reading the signed-in member and every write's re-check (still-current.ts) apply.
import { and, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import { sessions } from "../../db/schema";
import type { Tx } from "../../db/tx";

/** How long a session lasts without any request (and the JWT's own lifetime). */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Live: not ended, and used within the session lifetime. */
export function sessionIsLive(): SQL {
  return and(isNull(sessions.endedAt), gt(sessions.lastSeenAt, sql`statement_timestamp() - make_interval(secs => ${SESSION_MAX_AGE_SECONDS})`))!;
}

/** Ends the member's live sessions (all, or all but one), inside the caller's transaction. */
export async function endMemberSessions(tx: Tx, memberId: string, options: { except?: string } = {}): Promise<number> {
  const ended = await tx
    .update(sessions)
    .set({ endedAt: sql`statement_timestamp()` })
    .where(and(eq(sessions.memberId, memberId), isNull(sessions.endedAt), options.except ? ne(sessions.id, options.except) : undefined))
    .returning({ id: sessions.id });
  return ended.length;
}

