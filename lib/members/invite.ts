// Invitations: a new member without a password, and a set-password link (lib/passwords/links.ts)
// through which they choose one. The inviter never knows the member's password.
import { and, eq, sql } from "drizzle-orm";
import { members } from "../../db/schema";
import type { Tx } from "../../db/tx";
import { assertMayAct, canGrantRole, roleCeiling, writeAs, type Actor } from "../access";
import { diffFields, recordChange } from "../audit";
import { Conflict, errorCode, Forbidden, NotFound, uniqueViolation, withoutQueryDetails } from "../errors";
import { emailLink, issueLink, type IssuedLink } from "../passwords";
import { memberResource } from "../policy";
import { assertMayManage, lockMember } from "./guards";
import { findMemberView } from "./queries";
import type { InvitedMember, InviteMemberInput, IssuedSetPasswordLink } from "./types";
import { parseInvite, type ValidInvite } from "./validation";

const FOREIGN_KEY_VIOLATION = "23503";
const TAKEN = "Someone with this email address is already a member of this account";
// A removed member keeps their row (history and their tokens point at it), and the email is
// unique per account, so the address can't be reused by a new member. Bringing a removed
// member back would be a "restore", not an invitation.
const TAKEN_BY_REMOVED = "A removed member of this account has this email address";

/**
 * Adds a member with the given built-in role and no password, and returns their set-password
 * link — the only time it exists outside the database's hash of it (and, with SMTP configured,
 * the email that also carries it). It appears in no history entry, log or error.
 *
 * The policy actions have no "invite"; adding someone is assigning a role to a new member, so it
 * needs `updateMemberRole` on every member (`member/*`), and the role may not be above the
 * inviter's own.
 */
export async function inviteMember(actor: Actor, input: InviteMemberInput): Promise<InvitedMember> {
  const [invited] = await inviteMembers(actor, [input]);
  if (!invited) throw new Error("The member was not invited");
  return invited;
}

/**
 * Invites several members at once (the REST API takes a list, as LaunchDarkly's does): all of
 * them or none. Were they invited one by one, a bad third entry would leave the first two
 * created with links nobody ever saw.
 */
export async function inviteMembers(actor: Actor, inputs: InviteMemberInput[]): Promise<InvitedMember[]> {
  const valid = inputs.map((input) => parseInvite(input));
  assertMayInvite(actor);
  const ceiling = roleCeiling(actor);
  for (const { role } of valid) {
    if (!canGrantRole(ceiling, role)) {
      throw new Forbidden(role === "owner" ? "Only owners can invite an owner" : `You can't invite a member with a role above your own (${ceiling})`);
    }
  }
  const invited = await writeAs(actor, async (tx) => {
    const created = [];
    for (const invite of valid) created.push(await insertMember(tx, actor, invite));
    return created;
  });
  // After the commit: no email for an invitation that was rolled back.
  return Promise.all(invited.map(async ({ member, link }) => ({ member, ...(await handOverLink(actor, member.email, link, "invite")) })));
}

/** A new link for a pending invitation; every earlier link of theirs dies. */
export async function resendInvitation(actor: Actor, memberId: string): Promise<IssuedSetPasswordLink & { email: string }> {
  assertMayInvite(actor);
  const { email, link } = await writeAs(actor, async (tx) => {
    const member = await lockPendingMember(tx, actor, memberId, "resend an invitation to");
    const issued = await issueLink(tx, { accountId: actor.accountId, memberId: member.id, purpose: "invite", createdBy: actor.memberId });
    await recordChange(tx, { actor, action: "invitationResent", target: { kind: "member", id: member.id, name: member.email } });
    return { email: member.email, link: issued };
  });
  return { email, ...(await handOverLink(actor, email, link, "invite")) };
}

/**
 * Revokes a pending invitation by deleting the member who never accepted it: their links go with
 * the row (nothing is left to open), and the address can be invited again — with the right role
 * this time. History keeps the invitation and its revocation, under the email address.
 */
export async function revokeInvitation(actor: Actor, memberId: string): Promise<{ email: string }> {
  assertMayInvite(actor);
  return writeAs(actor, async (tx) => {
    const member = await lockPendingMember(tx, actor, memberId, "revoke an invitation of");
    try {
      await tx.delete(members).where(and(eq(members.accountId, actor.accountId), eq(members.id, member.id)));
    } catch (error) {
      // A pending member cannot have made anything; should something still point at them, the
      // invitation stays rather than the history or tokens losing their member.
      if (errorCode(error) !== FOREIGN_KEY_VIOLATION) throw withoutQueryDetails(error);
      throw new Conflict("This invitation could not be revoked; remove the member instead");
    }
    await recordChange(tx, { actor, action: "invitationRevoked", target: { kind: "member", id: member.id, name: member.email } });
    return { email: member.email };
  });
}

function assertMayInvite(actor: Actor): void {
  assertMayAct(actor, "updateMemberRole", memberResource("*"), "invite members");
}

/** Locks a member whose invitation is pending and whom the actor may manage. */
async function lockPendingMember(tx: Tx, actor: Actor, memberId: string, verb: string) {
  const { member } = await lockMember(tx, actor.accountId, memberId, () => false);
  if (member.removedAt || member.passwordSetAt !== null) throw new NotFound("This member has no pending invitation");
  // An admin must not get a link to an owner's invitation: with it they could become that owner.
  assertMayManage(actor, member, verb);
  return member;
}

/** Emails the link when SMTP is configured and returns it for the one response that shows it. */
export async function handOverLink(actor: Actor, email: string, link: IssuedLink, purpose: "invite" | "reset"): Promise<IssuedSetPasswordLink> {
  const issuedBy = actor.kind === "member" ? actor.displayName : null;
  const emailed = await emailLink({ to: email, url: link.url, purpose, accountId: actor.accountId, issuedBy });
  return { setPasswordUrl: link.url, expiresAt: link.expiresAt, emailed };
}

async function insertMember(tx: Tx, actor: Actor, valid: ValidInvite) {
  const [existing] = await tx
    .select({ removedAt: members.removedAt })
    .from(members)
    .where(and(eq(members.accountId, actor.accountId), sql`lower(${members.email}) = ${valid.email}`))
    .limit(1);
  if (existing) {
    const message = existing.removedAt ? TAKEN_BY_REMOVED : TAKEN;
    throw new Conflict(message, { email: message });
  }
  let inserted: { id: string } | undefined;
  try {
    [inserted] = await tx
      .insert(members)
      // No password and not set: pending until they choose one through their link.
      .values({ accountId: actor.accountId, ...valid, passwordHash: null, passwordSetAt: null })
      .returning({ id: members.id });
  } catch (error) {
    // Two invitations of one address at once: the unique index decides.
    if (uniqueViolation(error) !== null) throw new Conflict(TAKEN, { email: TAKEN });
    throw withoutQueryDetails(error);
  }
  if (!inserted) throw new Error("The member was not stored");
  const link = await issueLink(tx, { accountId: actor.accountId, memberId: inserted.id, purpose: "invite", createdBy: actor.memberId });
  await recordChange(tx, {
    actor,
    action: "memberInvited",
    target: { kind: "member", id: inserted.id, name: valid.email },
    changes: diffFields({}, { email: valid.email, firstName: valid.firstName, lastName: valid.lastName, role: valid.role }),
  });
  const member = await findMemberView(tx, actor.accountId, inserted.id);
  if (!member) throw new Error("The stored member could not be read back");
  return { member, link };
}
