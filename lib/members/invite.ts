// Invitations: a new member without a password, and a set-password link (lib/passwords/links.ts)
// through which they choose one. The inviter never knows the member's password.
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { customRoles, memberCustomRoles, members } from "../../db/schema";
import type { Tx } from "../../db/tx";
import { assertMayAct, canGrantRole, isAdminOrAbove, roleCeiling, writeAs, type Actor } from "../access";
import { diffFields, recordChange } from "../audit";
import { Conflict, errorCode, Forbidden, Invalid, NotFound, uniqueViolation, withoutQueryDetails } from "../errors";
import { emailLink, issueLink, type IssuedLink } from "../passwords";
import { memberResource } from "../policy";
import { assertMayManage, lockMember } from "./guards";
import { findMemberView } from "./queries";
import type { InvitedMember, InviteMemberInput, IssuedSetPasswordLink } from "./types";
import { parseInvite, type ValidInvite } from "./validation";

const FOREIGN_KEY_VIOLATION = "23503";

/**
 * Addresses an invitation can't take: already a member of the account (`email_already_exists_in_account`),
 * or named twice in one request (`duplicate_email`) — LaunchDarkly's codes, with the addresses.
 * A removed member's address is free: they keep their row (history and their tokens point at it),
 * and a new invitation makes a new member.
 */
export class EmailsNotInvitable extends Invalid {
  constructor(
    readonly code: "email_already_exists_in_account" | "duplicate_email",
    readonly emails: string[],
  ) {
    const message =
      code === "duplicate_email"
        ? `Each email address can be invited once per request: ${emails.join(", ")}`
        : `Someone with this email address is already a member of this account: ${emails.join(", ")}`;
    super(message, { email: message });
    this.name = "EmailsNotInvitable";
  }
}

const UNKNOWN_CUSTOM_ROLE = "One or more of the chosen custom roles do not exist";

/**
 * Adds a member with the given built-in role (and custom roles) and no password, and returns their
 * set-password link — the only time it exists outside the database's hash of it (and, with SMTP
 * configured, the email that also carries it). It appears in no history entry, log or error.
 *
 * Needs `createMember` on every member (`member/*`), as LaunchDarkly's invitations do; the role
 * may not be above the inviter's own, and only admins and owners give custom roles (they can't
 * be ranked against built-in roles).
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
  assertNoEmailTwice(valid);
  assertMayInvite(actor);
  assertMayGrant(actor, valid);
  const invited = await writeAs(actor, async (tx) => {
    await assertNoneAreMembers(tx, actor.accountId, valid);
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

function assertNoEmailTwice(valid: ValidInvite[]): void {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { email } of valid) (seen.has(email) ? twice : seen).add(email);
  if (twice.size > 0) throw new EmailsNotInvitable("duplicate_email", [...twice]);
}

function assertMayGrant(actor: Actor, valid: ValidInvite[]): void {
  const ceiling = roleCeiling(actor);
  for (const { role, customRoles: roles } of valid) {
    if (!canGrantRole(ceiling, role)) {
      throw new Forbidden(role === "owner" ? "Only owners can invite an owner" : `You can't invite a member with a role above your own (${ceiling})`);
    }
    if (roles.length > 0 && !isAdminOrAbove(ceiling)) throw new Forbidden("Only admins and owners can give a member custom roles");
  }
}

/** Every address that already belongs to a member of the account, in one answer. */
async function assertNoneAreMembers(tx: Tx, accountId: string, valid: ValidInvite[]): Promise<void> {
  const taken = await tx
    .select({ email: members.email })
    .from(members)
    .where(and(eq(members.accountId, accountId), isNull(members.removedAt), inArray(sql`lower(${members.email})`, valid.map((v) => v.email))));
  if (taken.length > 0) throw new EmailsNotInvitable("email_already_exists_in_account", taken.map((t) => t.email.toLowerCase()).sort());
}

/** The account's custom roles named by key or id, as ids; refused if any is not one of them. */
async function resolveCustomRoles(tx: Tx, accountId: string, named: string[]): Promise<string[]> {
  if (named.length === 0) return [];
  const rows = await tx
    .select({ id: customRoles.id, key: customRoles.key })
    .from(customRoles)
    .where(and(eq(customRoles.accountId, accountId), or(inArray(customRoles.id, named), inArray(customRoles.key, named))));
  const unknown = named.filter((name) => !rows.some((r) => r.id === name || r.key === name));
  if (unknown.length > 0) throw new Invalid(UNKNOWN_CUSTOM_ROLE, { customRoles: UNKNOWN_CUSTOM_ROLE });
  return [...new Set(rows.map((r) => r.id))].sort();
}

async function linkCustomRoles(tx: Tx, memberId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  try {
    await tx.insert(memberCustomRoles).values(roleIds.map((roleId) => ({ memberId, roleId })));
  } catch (error) {
    // A role deleted since it was looked up: its foreign key refuses the link.
    if (errorCode(error) === FOREIGN_KEY_VIOLATION) throw new Invalid(UNKNOWN_CUSTOM_ROLE, { customRoles: UNKNOWN_CUSTOM_ROLE });
    throw withoutQueryDetails(error);
  }
}

function assertMayInvite(actor: Actor): void {
  assertMayAct(actor, "createMember", memberResource("*"));
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
  const customRoleIds = await resolveCustomRoles(tx, actor.accountId, valid.customRoles);
  const { email, firstName, lastName, role } = valid;
  let inserted: { id: string } | undefined;
  try {
    [inserted] = await tx
      .insert(members)
      // No password and not set: pending until they choose one through their link.
      .values({ accountId: actor.accountId, email, firstName, lastName, role, passwordHash: null, passwordSetAt: null })
      .returning({ id: members.id });
  } catch (error) {
    // Two invitations of one address at once: the unique index decides.
    if (uniqueViolation(error) !== null) throw new EmailsNotInvitable("email_already_exists_in_account", [email]);
    throw withoutQueryDetails(error);
  }
  if (!inserted) throw new Error("The member was not stored");
  await linkCustomRoles(tx, inserted.id, customRoleIds);
  const link = await issueLink(tx, { accountId: actor.accountId, memberId: inserted.id, purpose: "invite", createdBy: actor.memberId });
  await recordChange(tx, {
    actor,
    action: "memberInvited",
    target: { kind: "member", id: inserted.id, name: email },
    changes: diffFields({}, { email, firstName, lastName, role, ...(customRoleIds.length > 0 ? { customRoleIds } : {}) }),
  });
  const member = await findMemberView(tx, actor.accountId, inserted.id);
  if (!member) throw new Error("The stored member could not be read back");
  return { member, link };
}
