// Set-password links: how a member gets a password nobody else ever knew. An invitation and an
// admin's (or the command line's) reset both issue one; the member opens it, chooses a password
// and is signed in. Nobody who issues a link ever learns the password chosen through it.
//
// The rules, each kept here once:
// - the token is 32 random bytes (base64url), stored only as its SHA-256 (a database dump holds
//   nothing that opens a link), and travels only in the one response that issued it and, when
//   SMTP is configured, in one email;
// - a link works once, for 7 days; issuing a new one for a member kills every earlier one; a
//   revoked invitation, a removed member or a used link leaves nothing to open;
// - opening a link (GET) changes nothing, so mail scanners that follow links do not use it up.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { database } from "../../db/client";
import { accounts, members, passwordLinks } from "../../db/schema";
import type { Tx } from "../../db/tx";
import { endMemberSessions, loadMemberActor, writeAs } from "../access";
import { recordChange, type SystemActor } from "../audit";
import { hashPassword } from "../secrets";
import { env } from "../env";
import { Invalid, NotFound } from "../errors";
import { mailConfigured, sendMail } from "../mail";
import { DEAD_LINK_MESSAGE } from "./dead-link";
import { passwordProblem } from "./strength";

export const LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const TOKEN_BYTES = 32;
/** base64url of 32 bytes, unpadded. Anything else is refused before the database is asked. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export { DEAD_LINK_MESSAGE };

export type LinkPurpose = "invite" | "reset";

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The page a link opens, on the public URL (NEXTAUTH_URL) so it works from an email. */
export function setPasswordUrl(token: string): string {
  return `${env().publicUrl.replace(/\/+$/, "")}/set-password/${token}`;
}

export interface IssuedLink {
  url: string;
  expiresAt: Date;
}

/**
 * Issues a link for `memberId` inside the caller's transaction, after killing every live link
 * the member had: at most one link per member works at any time.
 */
export async function issueLink(
  tx: Tx,
  input: { accountId: string; memberId: string; purpose: LinkPurpose; createdBy: string | null },
): Promise<IssuedLink> {
  await revokeLinks(tx, input.memberId);
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_MS);
  await tx.insert(passwordLinks).values({ ...input, tokenHash: hashLinkToken(token), expiresAt });
  return { url: setPasswordUrl(token), expiresAt };
}

/** Kills the member's live links (a resend, a revocation, a removal, a password set). */
export async function revokeLinks(tx: Tx, memberId: string): Promise<void> {
  await tx
    .update(passwordLinks)
    .set({ revokedAt: sql`statement_timestamp()` })
    .where(and(eq(passwordLinks.memberId, memberId), isNull(passwordLinks.usedAt), isNull(passwordLinks.revokedAt)));
}

export interface OpenLink {
  purpose: LinkPurpose;
  memberId: string;
  email: string;
  firstName: string;
  lastName: string;
  accountName: string;
}

/** A link still usable right now, with the facts its page shows; null for every other case. */
async function findLiveLink(db: Pick<Tx, "select">, token: unknown, lock: boolean): Promise<OpenLink | null> {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) return null;
  const query = db
    .select({
      purpose: passwordLinks.purpose,
      memberId: members.id,
      email: members.email,
      firstName: members.firstName,
      lastName: members.lastName,
      accountName: accounts.name,
    })
    .from(passwordLinks)
    .innerJoin(members, and(eq(members.id, passwordLinks.memberId), eq(members.accountId, passwordLinks.accountId)))
    .innerJoin(accounts, eq(accounts.id, members.accountId))
    .where(
      and(
        eq(passwordLinks.tokenHash, hashLinkToken(token)),
        isNull(passwordLinks.usedAt),
        isNull(passwordLinks.revokedAt),
        // statement_timestamp(), not now(): after waiting for the lock, now is the lock's moment.
        gt(passwordLinks.expiresAt, sql`statement_timestamp()`),
        isNull(members.removedAt),
      ),
    )
    .limit(1);
  const [row] = lock ? await query.for("update", { of: passwordLinks }) : await query;
  return row ?? null;
}

/** What the set-password page shows for a token; null when the link cannot be used. */
export async function openLink(token: unknown): Promise<OpenLink | null> {
  return findLiveLink(await database(), token, false);
}

/**
 * Sets the member's password through a link: the link must be live (checked again under a lock,
 * so two uses at once set one password), the password must pass the strength rule with the
 * member's own details. The link is then used up, every other link of theirs dies, and any
 * session they still had ends. Throws NotFound (DEAD_LINK_MESSAGE) for a dead link and Invalid
 * (on `password`) for a weak password.
 */
export async function setPasswordWithLink(input: { token: unknown; password: unknown; ip: string | null }): Promise<{ email: string }> {
  const link = await openLink(input.token);
  if (!link) throw new NotFound(DEAD_LINK_MESSAGE);
  const password = typeof input.password === "string" ? input.password : "";
  // Only for a live link: an unknown token costs one indexed lookup, never zxcvbn or scrypt.
  const problem = await passwordProblem(password, [link.email, link.firstName, link.lastName, `${link.firstName} ${link.lastName}`, link.accountName]);
  if (problem) throw new Invalid(problem, { password: problem });
  const passwordHash = await hashPassword(password);
  // The member acts on themselves: history names them, and writeAs re-checks they are
  // still a member with the role they had when this began.
  const actor = await loadMemberActor(link.memberId, input.ip);
  if (!actor) throw new NotFound(DEAD_LINK_MESSAGE);
  return writeAs(actor, async (tx) => {
    const locked = await findLiveLink(tx, input.token, true);
    if (!locked || locked.memberId !== link.memberId) throw new NotFound(DEAD_LINK_MESSAGE);
    await tx
      .update(passwordLinks)
      .set({ usedAt: sql`statement_timestamp()` })
      .where(eq(passwordLinks.tokenHash, hashLinkToken(input.token as string)));
    await revokeLinks(tx, link.memberId);
    await tx
      .update(members)
      .set({ passwordHash, passwordSetAt: sql`coalesce(${members.passwordSetAt}, statement_timestamp())` })
      .where(eq(members.id, link.memberId));
    await endMemberSessions(tx, link.memberId);
    await recordChange(tx, {
      actor,
      action: locked.purpose === "invite" ? "invitationAccepted" : "passwordSet",
      target: { kind: "member", id: link.memberId, name: link.email },
    });
    return { email: link.email };
  });
}

/**
 * The reset itself, inside the caller's transaction (an admin's, or the command line's): the
 * member's password stops working, every session of theirs ends, and a new link is issued.
 * Clearing the password makes a reset visible to the member — whoever holds the link could
 * otherwise sign in as them while their old password still worked too.
 */
export async function resetPasswordInTransaction(
  tx: Tx,
  input: { accountId: string; memberId: string; createdBy: string | null },
): Promise<{ link: IssuedLink; sessionsEnded: number }> {
  await tx.update(members).set({ passwordHash: null }).where(eq(members.id, input.memberId));
  const sessionsEnded = await endMemberSessions(tx, input.memberId);
  const link = await issueLink(tx, { ...input, purpose: "reset" });
  return { link, sessionsEnded };
}

/**
 * The operator's recovery path (`npm run admin -- reset-password --email …`): finds the one
 * active member with this email, resets their password (as an admin's Reset password does) and
 * returns the link to print. Recorded in change history as done by Tollgate itself.
 */
export async function createPasswordResetLink({ email }: { email: string }): Promise<IssuedLink> {
  const address = email.trim().toLowerCase();
  const db = await database();
  const found = await db
    .select({ id: members.id, accountId: members.accountId, email: members.email, passwordSetAt: members.passwordSetAt })
    .from(members)
    .where(and(sql`lower(${members.email}) = ${address}`, isNull(members.removedAt)))
    .limit(2);
  if (found.length === 0) throw new NotFound("No active member has this email address");
  if (found.length > 1) throw new Invalid("Members of several accounts have this email address");
  const member = found[0]!;
  if (member.passwordSetAt === null) throw new Invalid("This member has not accepted their invitation yet: resend it from the Members page");
  const actor: SystemActor = { kind: "system", accountId: member.accountId, displayName: "Command line", ip: null };
  const link = await db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.id, member.id), isNull(members.removedAt)))
      .for("no key update");
    if (!locked) throw new NotFound("No active member has this email address");
    const reset = await resetPasswordInTransaction(tx, { accountId: member.accountId, memberId: member.id, createdBy: null });
    await recordChange(tx, {
      actor,
      action: "passwordReset",
      target: { kind: "member", id: member.id, name: member.email },
      changes: { signedInSessions: { before: reset.sessionsEnded, after: 0 } },
    });
    return reset.link;
  });
  await emailLink({ to: member.email, url: link.url, purpose: "reset", accountId: member.accountId, issuedBy: null });
  return link;
}

/**
 * Emails a link when SMTP is configured; says whether it was sent. Runs after the transaction
 * that issued the link has committed: a mail server's slowness never holds a lock, and no email
 * goes out for a link that was rolled back.
 */
export async function emailLink(input: { to: string; url: string; purpose: LinkPurpose; accountId: string; issuedBy: string | null }): Promise<boolean> {
  if (!mailConfigured()) return false;
  const db = await database();
  const [account] = await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, input.accountId)).limit(1);
  const accountName = account?.name ?? "Tollgate";
  const by = input.issuedBy ? ` by ${input.issuedBy}` : "";
  const text =
    input.purpose === "invite"
      ? `You have been invited${by} to the account ${accountName} on Tollgate.\n\nChoose your password here:\n${input.url}\n\nThe link works once and expires in 7 days.\n`
      : `Your password for the account ${accountName} on Tollgate was reset${by}.\n\nChoose a new password here:\n${input.url}\n\nThe link works once and expires in 7 days. If you did not expect this, tell an admin of the account.\n`;
  const subject = input.purpose === "invite" ? `You are invited to ${accountName} on Tollgate` : `Choose a new password for ${accountName} on Tollgate`;
  return sendMail({ to: input.to, subject, text });
}
