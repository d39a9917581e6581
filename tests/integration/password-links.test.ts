import { testDatabaseKind } from "../helpers/env";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, database, queryRows } from "@/db/client";
import { members, passwordLinks } from "@/db/schema";
import { hashSessionSecret, sessionLive, signInWithPassword, startSession } from "@/lib/auth";
import { Forbidden, Invalid, NotFound } from "@/lib/errors";
import { inviteMember, removeMember, resendInvitation, resetMemberPassword, revokeInvitation, updateMemberRoles } from "@/lib/members";
import { createPasswordResetLink, DEAD_LINK_MESSAGE, hashLinkToken, openLink, setPasswordWithLink } from "@/lib/passwords";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { dumpEveryTable } from "../helpers/dump-tables";
import { failure } from "../helpers/failure";
import { historyOf } from "../helpers/history";

afterAll(() => closeDatabase());

const STRONG = "violet-harbour-copper-lantern";
const OTHER_STRONG = "quiet-meadow-granite-orbit";
let n = 0;
const ip = () => `198.51.100.${++n % 250}-${Math.random()}`;
const tokenOf = (url: string) => url.split("/set-password/")[1]!;

async function invite(a: TestAccount, role: "reader" | "writer" | "admin" | "owner" = "writer", by = a.admin) {
  const email = `invitee-${++n}@example.test`;
  const invited = await inviteMember(by, { email, firstName: "Ivy", lastName: "Invitee", role });
  return { ...invited, email, token: tokenOf(invited.setPasswordUrl) };
}

const use = (token: string, password = STRONG) => setPasswordWithLink({ token, password, ip: "203.0.113.9" });
const signsIn = async (email: string, password: string) => (await signInWithPassword({ email, password, clientIp: ip() })).ok;

describe(`set-password links (${testDatabaseKind})`, () => {
  it("lets the invitee choose a password once: the link then answers as dead, and the password signs in", async () => {
    const a = await createTestAccount();
    const { email, token, member } = await invite(a);
    expect(await openLink(token)).toMatchObject({ purpose: "invite", email, memberId: member.id });
    expect(await use(token)).toEqual({ email });
    expect(await signsIn(email, STRONG)).toBe(true);
    expect(await openLink(token)).toBeNull();
    const again = await failure(use(token, OTHER_STRONG));
    expect(again).toBeInstanceOf(NotFound);
    expect((again as Error).message).toBe(DEAD_LINK_MESSAGE);
    expect(await signsIn(email, OTHER_STRONG)).toBe(false);
    const db = await database();
    const [row] = await db.select({ setAt: members.passwordSetAt }).from(members).where(eq(members.id, member.id));
    expect(row?.setAt).toBeInstanceOf(Date);
    expect((await historyOf(a, member.id)).map((e) => e.action)).toEqual(["memberInvited", "invitationAccepted"]);
  });

  it("sets exactly one password when the same link is used twice at once", async () => {
    const a = await createTestAccount();
    const { email, token } = await invite(a);
    const results = await Promise.allSettled([use(token, STRONG), use(token, OTHER_STRONG)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await signsIn(email, STRONG)) !== (await signsIn(email, OTHER_STRONG))).toBe(true);
  });

  it("expires a link 7 days after it was issued", async () => {
    const a = await createTestAccount();
    const { token, member } = await invite(a);
    const db = await database();
    const [link] = await db.select({ createdAt: passwordLinks.createdAt, expiresAt: passwordLinks.expiresAt }).from(passwordLinks).where(eq(passwordLinks.memberId, member.id));
    expect(link!.expiresAt.getTime() - link!.createdAt.getTime()).toBeGreaterThan(7 * 86_400_000 - 5_000);
    expect(link!.expiresAt.getTime() - link!.createdAt.getTime()).toBeLessThan(7 * 86_400_000 + 5_000);
    // Seven days later: the same row, its expiry now in the past.
    await db.update(passwordLinks).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(passwordLinks.memberId, member.id));
    expect(await openLink(token)).toBeNull();
    expect(await failure(use(token))).toBeInstanceOf(NotFound);
  });

  it("stores a link only as its SHA-256: no table holds the token or the URL", async () => {
    const a = await createTestAccount();
    const { token, setPasswordUrl } = await invite(a);
    const reset = await resetMemberPassword(a.owner, a.writer.memberId);
    const db = await database();
    const dump = await dumpEveryTable((text) => queryRows<Record<string, unknown>>(db, sql.raw(text)));
    expect(dump["public.password_links"]).toContain(hashLinkToken(token));
    for (const [table, json] of Object.entries(dump)) {
      for (const secret of [token, setPasswordUrl, tokenOf(reset.setPasswordUrl)]) expect(json.includes(secret), `${table} holds a link`).toBe(false);
    }
  });

  it("kills the previous link when an invitation is resent", async () => {
    const a = await createTestAccount();
    const { email, token, member } = await invite(a);
    const resent = await resendInvitation(a.admin, member.id);
    expect(resent.email).toBe(email);
    expect(await openLink(token)).toBeNull();
    expect(await failure(use(token))).toBeInstanceOf(NotFound);
    await use(tokenOf(resent.setPasswordUrl));
    expect(await signsIn(email, STRONG)).toBe(true);
    expect((await historyOf(a, member.id)).map((e) => e.action)).toEqual(["memberInvited", "invitationResent", "invitationAccepted"]);
    // Accepted: nothing left to resend.
    expect(await failure(resendInvitation(a.admin, member.id))).toBeInstanceOf(NotFound);
  });

  it("kills a revoked invitation's link, removes the pending member and lets the address be invited again", async () => {
    const a = await createTestAccount();
    const { email, token, member } = await invite(a);
    expect(await revokeInvitation(a.admin, member.id)).toEqual({ email });
    expect(await failure(use(token))).toBeInstanceOf(NotFound);
    expect(await signsIn(email, STRONG)).toBe(false);
    const db = await database();
    expect(await db.select().from(members).where(eq(members.id, member.id))).toEqual([]);
    expect((await historyOf(a, member.id)).map((e) => e.action)).toEqual(["memberInvited", "invitationRevoked"]);
    expect((await inviteMember(a.admin, { email, role: "reader" })).member.pending).toBe(true);
  });

  it("revokes only pending invitations, never a member who accepted", async () => {
    const a = await createTestAccount();
    expect(await failure(revokeInvitation(a.owner, a.writer.memberId))).toBeInstanceOf(NotFound);
    expect(await failure(revokeInvitation(a.writer, a.reader.memberId))).toBeInstanceOf(Forbidden);
  });

  it("gives the inviter nothing to sign in as the invitee with, before or after the invitee chose a password", async () => {
    const a = await createTestAccount();
    const { email, token, setPasswordUrl, member } = await invite(a);
    // Everything the inviter was shown, and the obvious guesses.
    const shown = [setPasswordUrl, token, hashLinkToken(token), member.id, email, ""];
    for (const guess of shown) expect(await signsIn(email, guess), `signed in with "${guess.slice(0, 12)}…"`).toBe(false);
    await use(token);
    for (const guess of shown) expect(await signsIn(email, guess)).toBe(false);
    // And the link is spent: the inviter cannot choose a password of their own for them.
    expect(await failure(use(token, OTHER_STRONG))).toBeInstanceOf(NotFound);
    expect(await signsIn(email, OTHER_STRONG)).toBe(false);
  });

  it("refuses a weak password with a field error and leaves the link usable", async () => {
    const a = await createTestAccount();
    const { email, token } = await invite(a);
    for (const weak of ["short", "password123", "qwertyuiop", email, "Ivy Invitee 2024"]) {
      const refused = await failure(use(token, weak));
      expect(refused, weak).toBeInstanceOf(Invalid);
      expect((refused as Invalid).fieldErrors?.password).toBeTruthy();
    }
    expect(await openLink(token)).not.toBeNull();
    await use(token);
    expect(await signsIn(email, STRONG)).toBe(true);
  });

  it("answers junk tokens like dead links, without touching a member", async () => {
    for (const junk of ["", "x", "a".repeat(43), "a".repeat(1000), "../../etc", null, 42, { $ne: "" }]) {
      expect(await openLink(junk)).toBeNull();
      expect(await failure(setPasswordWithLink({ token: junk, password: STRONG, ip: null }))).toBeInstanceOf(NotFound);
    }
  });

  it("kills a removed member's link and ends their sessions", async () => {
    const a = await createTestAccount();
    const { token, member } = await invite(a);
    await removeMember(a.admin, member.id);
    expect(await failure(use(token))).toBeInstanceOf(NotFound);
    const session = await sessionOf(a.writer.memberId);
    expect(await sessionLive(session)).toBe(true);
    await removeMember(a.admin, a.writer.memberId);
    expect(await sessionLive(session)).toBe(false);
  });

  it("does not count a pending owner as another owner: the last active owner stays", async () => {
    const a = await createTestAccount();
    await invite(a, "owner", a.owner);
    await expect(updateMemberRoles(a.owner, a.owner.memberId, { role: "admin" })).rejects.toThrow("An account needs at least one owner");
  });

  it("refuses an admin a link to an owner's invitation", async () => {
    const a = await createTestAccount();
    const { member } = await invite(a, "owner", a.owner);
    expect(await failure(resendInvitation(a.admin, member.id))).toBeInstanceOf(Forbidden);
    expect(await failure(revokeInvitation(a.admin, member.id))).toBeInstanceOf(Forbidden);
    expect((await resendInvitation(a.owner, member.id)).setPasswordUrl).toContain("/set-password/");
  });
});

describe(`an admin's Reset password (${testDatabaseKind})`, () => {
  it("ends every session of the member, stops their old password and issues a link they choose a new one with", async () => {
    const a = await createTestAccount();
    const { email, token } = await invite(a);
    await use(token);
    const memberId = (await openLinkMember(email))!;
    const sessions = await Promise.all([1, 2].map(() => sessionOf(memberId)));
    const reset = await resetMemberPassword(a.admin, memberId);
    expect(reset.email).toBe(email);
    for (const id of sessions) expect(await sessionLive(id)).toBe(false);
    expect(await signsIn(email, STRONG)).toBe(false);
    expect(await openLink(tokenOf(reset.setPasswordUrl))).toMatchObject({ purpose: "reset", email });
    await use(tokenOf(reset.setPasswordUrl), OTHER_STRONG);
    expect(await signsIn(email, OTHER_STRONG)).toBe(true);
    const history = await historyOf(a, memberId);
    expect(history.map((e) => e.action)).toEqual(["memberInvited", "invitationAccepted", "passwordReset", "passwordSet"]);
    expect(history[2]).toMatchObject({ actorMemberId: a.admin.memberId, changes: { signedInSessions: { before: 2, after: 0 } } });
    expect(JSON.stringify(history)).not.toContain(tokenOf(reset.setPasswordUrl));
  });

  it("kills the previous reset link when another is issued", async () => {
    const a = await createTestAccount();
    const first = await resetMemberPassword(a.admin, a.writer.memberId);
    const second = await resetMemberPassword(a.owner, a.writer.memberId);
    expect(await openLink(tokenOf(first.setPasswordUrl))).toBeNull();
    expect(await openLink(tokenOf(second.setPasswordUrl))).not.toBeNull();
  });

  it("is refused on a member who outranks the caller, by writers and readers, on oneself and on a pending invitation", async () => {
    const a = await createTestAccount();
    expect(await failure(resetMemberPassword(a.admin, a.owner.memberId))).toBeInstanceOf(Forbidden);
    expect(await failure(resetMemberPassword(a.writer, a.reader.memberId))).toBeInstanceOf(Forbidden);
    expect(await failure(resetMemberPassword(a.reader, a.writer.memberId))).toBeInstanceOf(Forbidden);
    expect(await failure(resetMemberPassword(a.admin, a.admin.memberId))).toBeInstanceOf(Invalid);
    const { member } = await invite(a);
    expect((await failure(resetMemberPassword(a.admin, member.id)) as Error).message).toMatch(/resend/);
    // Nothing happened to anyone: no history entry about a reset.
    for (const id of [a.owner.memberId, a.reader.memberId, a.writer.memberId, a.admin.memberId]) {
      expect((await historyOf(a, id)).map((e) => e.action)).not.toContain("passwordReset");
    }
  });

  it("is the operator's recovery path too: a link for the one active member with the email, recorded as Tollgate's", async () => {
    const a = await createTestAccount();
    const { url } = await createPasswordResetLink({ email: a.owner.displayName.toUpperCase() });
    expect(await openLink(tokenOf(url))).toMatchObject({ purpose: "reset", memberId: a.owner.memberId });
    const history = await historyOf(a, a.owner.memberId, { fields: ["action", "actorMemberId"] });
    expect(history).toEqual([{ action: "passwordReset", actorMemberId: null }]);
    await expect(createPasswordResetLink({ email: "nobody@nowhere.test" })).rejects.toBeInstanceOf(NotFound);
  });
});

async function openLinkMember(email: string): Promise<string | undefined> {
  const db = await database();
  const [row] = await db.select({ id: members.id }).from(members).where(eq(members.email, email));
  return row?.id;
}

/** A signed-in session of the member; returns the row's id. */
async function sessionOf(memberId: string): Promise<string> {
  const secret = await startSession({ memberId, userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", ip: "203.0.113.5" });
  const rows = await queryRows<{ id: string }>(await database(), sql`select id from sessions where secret_hash = ${hashSessionSecret(secret)}`);
  return rows[0]!.id;
}
