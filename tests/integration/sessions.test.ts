import { testDatabaseKind } from "../helpers/env";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database, queryRows } from "@/db/client";
import { members, sessions } from "@/db/schema";
import { type Actor } from "@/lib/access";
import {
  endOtherOwnSessions,
  endOwnSession,
  endSessionBySecret,
  hashSessionSecret,
  listOwnSessions,
  loadMemberActor,
  loadSessionMember,
  sessionLive,
  signInWithPassword,
  startSession,
} from "@/lib/auth";
import { hashPassword } from "@/lib/secrets";
import { Forbidden, Invalid, LimitReached, NotFound, Unauthenticated } from "@/lib/errors";
import { removeMember } from "@/lib/members";
import { changeOwnPassword } from "@/lib/passwords";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { dumpEveryTable } from "../helpers/dump-tables";
import { failure } from "../helpers/failure";
import { historyOf } from "../helpers/history";

afterAll(() => closeDatabase());

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
const SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const PASSWORD = "violet-harbour-copper-lantern";
const NEW_PASSWORD = "quiet-meadow-granite-orbit";

/** A member signed in from a browser: their session secret, row id and the actor of its requests. */
async function signedIn(a: TestAccount, memberId: string, userAgent = FIREFOX) {
  const secret = await startSession({ memberId, userAgent, ip: "203.0.113.5" });
  const rows = await queryRows<{ id: string }>(await database(), sql`select id from sessions where secret_hash = ${hashSessionSecret(secret)}`);
  const id = rows[0]!.id;
  const actor = (await loadMemberActor(memberId, "203.0.113.5", id))!;
  return { secret, id, actor };
}

/** A member with a real password (test accounts' members have none that could match). */
async function withPassword(a: TestAccount, actor: Actor) {
  const db = await database();
  await db.update(members).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(members.id, actor.memberId));
  return actor.displayName;
}

const tryToken = (actor: Actor) => createAccessToken(actor, { name: `t ${Math.random()}`, permission: { kind: "role", role: "reader" } });

describe(`sessions (${testDatabaseKind})`, () => {
  it("stores a session only as the SHA-256 of its secret, with the browser and system it came from", async () => {
    const a = await createTestAccount();
    const { secret, id } = await signedIn(a, a.writer.memberId, SAFARI);
    const db = await database();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
    expect(row).toMatchObject({ memberId: a.writer.memberId, browser: "Safari", os: "iOS", ip: "203.0.113.5", endedAt: null, secretHash: hashSessionSecret(secret) });
    const dump = await dumpEveryTable((text) => queryRows<Record<string, unknown>>(db, sql.raw(text)));
    for (const [table, json] of Object.entries(dump)) expect(json.includes(secret), `${table} holds a session secret`).toBe(false);
  });

  it("answers the session's member while the row is live, and nobody once it has ended, gone idle or with another secret", async () => {
    const a = await createTestAccount();
    const one = await signedIn(a, a.writer.memberId);
    const two = await signedIn(a, a.writer.memberId);
    expect((await loadSessionMember(a.writer.memberId, one.secret))?.sessionId).toBe(one.id);
    expect(await loadSessionMember(a.writer.memberId, "not-a-session-secret")).toBeNull();
    await endSessionBySecret(one.secret); // sign out
    expect(await loadSessionMember(a.writer.memberId, one.secret)).toBeNull();
    expect((await loadSessionMember(a.writer.memberId, two.secret))?.id).toBe(a.writer.memberId);
    const db = await database();
    await db.update(sessions).set({ lastSeenAt: sql`now() - interval '13 hours'` }).where(eq(sessions.id, two.id));
    expect(await loadSessionMember(a.writer.memberId, two.secret)).toBeNull();
  });

  it("refuses the next write of a session ended meanwhile, though the actor was loaded while it was live", async () => {
    const a = await createTestAccount();
    const { id, actor } = await signedIn(a, a.writer.memberId);
    await tryToken(actor);
    const other = await signedIn(a, a.writer.memberId);
    await endOwnSession(other.actor, id);
    expect(await failure(tryToken(actor))).toBeInstanceOf(Unauthenticated);
    expect(await tryToken(other.actor)).toBeDefined();
  });

  it("ends a removed member's sessions", async () => {
    const a = await createTestAccount();
    const { id, secret } = await signedIn(a, a.reader.memberId);
    await removeMember(a.admin, a.reader.memberId);
    expect(await sessionLive(id)).toBe(false);
    expect(await loadSessionMember(a.reader.memberId, secret)).toBeNull();
  });

  it("lists only the member's own live sessions, marking the one making the request", async () => {
    const a = await createTestAccount();
    const mine = await signedIn(a, a.writer.memberId, FIREFOX);
    const phone = await signedIn(a, a.writer.memberId, SAFARI);
    await signedIn(a, a.reader.memberId);
    const ended = await signedIn(a, a.writer.memberId);
    await endSessionBySecret(ended.secret);
    const listed = await listOwnSessions(mine.actor);
    expect(listed.map((s) => s.id).sort()).toEqual([mine.id, phone.id].sort());
    expect(listed.find((s) => s.current)?.id).toBe(mine.id);
    expect(listed.find((s) => s.id === phone.id)).toMatchObject({ browser: "Safari", os: "iOS", current: false });
  });

  it("signs out exactly the one session chosen, and never another member's", async () => {
    const a = await createTestAccount();
    const mine = await signedIn(a, a.writer.memberId);
    const laptop = await signedIn(a, a.writer.memberId);
    const phone = await signedIn(a, a.writer.memberId, SAFARI);
    const readers = await signedIn(a, a.reader.memberId);
    expect(await failure(endOwnSession(mine.actor, readers.id))).toBeInstanceOf(NotFound);
    expect(await sessionLive(readers.id)).toBe(true);
    await endOwnSession(mine.actor, laptop.id);
    expect(await sessionLive(laptop.id)).toBe(false);
    expect(await sessionLive(phone.id)).toBe(true);
    expect(await sessionLive(mine.id)).toBe(true);
    expect(await failure(endOwnSession(mine.actor, laptop.id))).toBeInstanceOf(NotFound);
    expect((await historyOf(a, a.writer.memberId)).map((e) => [e.action, e.changes])).toEqual([
      ["sessionEnded", { session: { before: "Firefox on Linux", after: null } }],
    ]);
  });

  it("signs out every other session with Sign out everywhere else, keeping this one", async () => {
    const a = await createTestAccount();
    const mine = await signedIn(a, a.writer.memberId);
    const others = [await signedIn(a, a.writer.memberId), await signedIn(a, a.writer.memberId, SAFARI)];
    expect(await endOtherOwnSessions(mine.actor)).toBe(2);
    for (const other of others) expect(await sessionLive(other.id)).toBe(false);
    expect(await sessionLive(mine.id)).toBe(true);
  });

  it("has no sessions to list or end for an API token or an actor without a session", async () => {
    const a = await createTestAccount();
    expect(await failure(listOwnSessions(a.writer))).toBeInstanceOf(Forbidden);
    expect(await failure(endOtherOwnSessions(a.writer))).toBeInstanceOf(Forbidden);
  });
});

describe(`Change password (${testDatabaseKind})`, () => {
  it("needs the current password, applies the strength rule, and ends every other session", async () => {
    const a = await createTestAccount();
    const email = await withPassword(a, a.writer);
    const mine = await signedIn(a, a.writer.memberId);
    const other = await signedIn(a, a.writer.memberId);
    const wrong = await failure(changeOwnPassword(mine.actor, { currentPassword: "not it", newPassword: NEW_PASSWORD }));
    expect(wrong).toBeInstanceOf(Invalid);
    expect(wrong.fieldErrors).toEqual({ currentPassword: "Your current password is not correct" });
    for (const weak of ["short", "password1234", email, PASSWORD]) {
      const refused = await failure(changeOwnPassword(mine.actor, { currentPassword: PASSWORD, newPassword: weak }));
      expect(refused, weak).toBeInstanceOf(Invalid);
      expect(refused.fieldErrors?.newPassword, weak).toBeTruthy();
    }
    expect(await sessionLive(other.id)).toBe(true);

    expect(await changeOwnPassword(mine.actor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).toEqual({ otherSessionsEnded: 1 });
    expect(await sessionLive(other.id)).toBe(false);
    expect(await loadSessionMember(a.writer.memberId, other.secret)).toBeNull();
    expect(await sessionLive(mine.id)).toBe(true);
    expect((await signInWithPassword({ email, password: PASSWORD, clientIp: `198.51.100.${Math.random()}` })).ok).toBe(false);
    expect((await signInWithPassword({ email, password: NEW_PASSWORD, clientIp: `198.51.100.${Math.random()}` })).ok).toBe(true);
    expect((await historyOf(a, a.writer.memberId)).map((e) => [e.action, e.changes])).toEqual([
      ["passwordChanged", { otherSessions: { before: 1, after: 0 } }],
    ]);
  });

  it("is throttled per member like sign-in: past 10 wrong current passwords even the right one waits", async () => {
    const a = await createTestAccount();
    await withPassword(a, a.admin);
    const { actor } = await signedIn(a, a.admin.memberId);
    for (let i = 0; i < 10; i++) {
      expect(await failure(changeOwnPassword(actor, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD }))).toBeInstanceOf(Invalid);
    }
    const throttled = await failure(changeOwnPassword(actor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }));
    expect(throttled).toBeInstanceOf(LimitReached);
    expect(throttled.message).toMatch(/Too many wrong current passwords\. Try again in \d+ minutes?\./);
  });

  it("is refused to a session that has ended", async () => {
    const a = await createTestAccount();
    await withPassword(a, a.writer);
    const mine = await signedIn(a, a.writer.memberId);
    await endSessionBySecret(mine.secret);
    expect(await failure(changeOwnPassword(mine.actor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))).toBeInstanceOf(Unauthenticated);
    expect((await signInWithPassword({ email: a.writer.displayName, password: PASSWORD, clientIp: `198.51.100.${Math.random()}` })).ok).toBe(true);
  });
});
