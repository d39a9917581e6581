// Server-side sessions. The session cookie stays a next-auth JWT, but it names a row here, and
// every request that reads the signed-in member checks that the row is live (session-member.ts,
// and again inside every write: still-current.ts). So ending a row — sign out, "Sign out" on one
// session, a password change or reset, a removal — signs that browser out on its very next
// request, on every instance, without waiting for the cookie to expire.
//
// The cookie carries a random secret; the row stores only its SHA-256 and has an id of its own
// for the member's pages to name it. A database dump therefore holds nothing that, even with
// AUTH_SECRET, makes a cookie for a live session.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { database } from "../../db/client";
import { sessions } from "../../db/schema";

import { endMemberSessions, sessionIsLive, writeAs, type Actor } from "../access";
import { recordChange } from "../audit";
import { Forbidden, NotFound } from "../errors";
import { describeUserAgent } from "./user-agent";

/** last_seen_at is written at most this often per session: activity, not a write per request. */
export const LAST_SEEN_RESOLUTION_MS = 60 * 1000;
/** Ended and idle rows are kept this long for nobody's benefit but tidiness, then deleted. */
const KEEP_ENDED_DAYS = 30;

export function hashSessionSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A new session row for a member who just signed in; returns the secret the cookie carries. */
export async function startSession(input: { memberId: string; userAgent: string | null; ip: string | null }): Promise<string> {
  const db = await database();
  const secret = randomBytes(32).toString("base64url");
  const { browser, os } = describeUserAgent(input.userAgent);
  await db.insert(sessions).values({ memberId: input.memberId, secretHash: hashSessionSecret(secret), browser, os, ip: input.ip });
  // Tidy the member's long-dead rows while we are here: cheap (their own index), and bounded.
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.memberId, input.memberId),
        lt(sessions.lastSeenAt, sql`statement_timestamp() - make_interval(days => ${KEEP_ENDED_DAYS})`),
      ),
    );
  return secret;
}

/** Sign out: ends the row the cookie names (if any). */
export async function endSessionBySecret(secret: unknown): Promise<void> {
  if (typeof secret !== "string" || secret.length === 0 || secret.length > 200) return;
  const db = await database();
  await db
    .update(sessions)
    .set({ endedAt: sql`statement_timestamp()` })
    .where(and(eq(sessions.secretHash, hashSessionSecret(secret)), isNull(sessions.endedAt)));
}

/**
 * Records activity at most once a minute per session. Not awaited by callers and never fails
 * a request: it is bookkeeping for the Active sessions list, not a security decision.
 */
export function noteSessionSeen(sessionId: string, lastSeenAt: Date): void {
  if (Date.now() - lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS) return;
  void database()
    .then((db) =>
      db
        .update(sessions)
        .set({ lastSeenAt: sql`statement_timestamp()` })
        .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt))),
    )
    .catch(() => {});
}

export interface SessionView {
  id: string;
  browser: string;
  os: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** The session making this request. */
  current: boolean;
}

/** A member's own live sessions, most recently active first. Nobody lists another's. */
export async function listOwnSessions(actor: Actor): Promise<SessionView[]> {
  assertSignedInMember(actor);
  const db = await database();
  const rows = await db
    .select({ id: sessions.id, browser: sessions.browser, os: sessions.os, ip: sessions.ip, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.memberId, actor.memberId), sessionIsLive()))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.id))
    .limit(100);
  return rows.map((row) => ({ ...row, current: row.id === actor.sessionId }));
}

/**
 * "Sign out" on one of the member's own sessions (the current one included). Another member's
 * session, or one already ended, is NotFound: session ids are not for probing.
 */
export async function endOwnSession(actor: Actor, sessionId: string): Promise<void> {
  assertSignedInMember(actor);
  await writeAs(actor, async (tx) => {
    const [ended] = await tx
      .update(sessions)
      .set({ endedAt: sql`statement_timestamp()` })
      .where(and(eq(sessions.id, sessionId), eq(sessions.memberId, actor.memberId), sessionIsLive()))
      .returning({ browser: sessions.browser, os: sessions.os });
    if (!ended) throw new NotFound("This session has already ended");
    await recordChange(tx, {
      actor,
      action: "sessionEnded",
      target: { kind: "member", id: actor.memberId, name: actor.displayName },
      changes: { session: { before: `${ended.browser} on ${ended.os}`, after: null } },
    });
  });
}

/** "Sign out everywhere else": every live session of the member but the one making the request. */
export async function endOtherOwnSessions(actor: Actor): Promise<number> {
  assertSignedInMember(actor);
  return writeAs(actor, async (tx) => {
    const count = await endMemberSessions(tx, actor.memberId, { except: actor.sessionId });
    if (count > 0) {
      await recordChange(tx, {
        actor,
        action: "sessionEnded",
        target: { kind: "member", id: actor.memberId, name: actor.displayName },
        changes: { otherSessions: { before: count, after: 0 } },
      });
    }
    return count;
  });
}

/** Sessions are a signed-in person's: an API token has none to list or end. */
function assertSignedInMember(actor: Actor): asserts actor is Actor & { sessionId: string } {
  if (actor.kind !== "member" || !actor.sessionId) throw new Forbidden("Only a member signed in to the console has sessions");
}

/** For tests and tidying: whether a session row is live now. */
export async function sessionLive(sessionId: string): Promise<boolean> {
  const db = await database();
  const [row] = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, sessionId), sessionIsLive())).limit(1);
  return row !== undefined;
}

