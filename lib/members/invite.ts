// Inviting a member: a new account member with a one-time password the inviter passes on.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { members } from "../../db/schema";
import type { Tx } from "../../db/tx";
import { assertMayAct, canGrantRole, roleCeiling, writeAs, type Actor } from "../access";
import { diffFields, recordChange } from "../audit";
import { Conflict, Forbidden, uniqueViolation, withoutQueryDetails } from "../errors";
import { memberResource } from "../policy";
import { hashPassword } from "../secrets";
import { findMemberView } from "./queries";
import type { InvitedMember, InviteMemberInput } from "./types";
import { parseInvite, type ValidInvite } from "./validation";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const ONE_TIME_PASSWORD_LENGTH = 20;

/**
 * 20 base62 characters from the CSPRNG: about 119 bits. Bytes of 248 and above are skipped
 * (248 = 4 × 62), so every character is equally likely.
 */
export function generateOneTimePassword(length = ONE_TIME_PASSWORD_LENGTH): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

const TAKEN = "Someone with this email address is already a member of this account";
// A removed member keeps their row (history and their tokens point at it), and the email is
// unique per account, so the address can't be reused by a new member. Bringing a removed
// member back would be a "restore", not an invitation.
const TAKEN_BY_REMOVED = "A removed member of this account has this email address";

/**
 * Adds a member with the given built-in role and returns a one-time password to pass on — the
 * only time it exists: only its scrypt hash is stored, and it appears in no history entry, log
 * or error.
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
 * created with one-time passwords nobody ever saw.
 */
export async function inviteMembers(actor: Actor, inputs: InviteMemberInput[]): Promise<InvitedMember[]> {
  const valid = inputs.map((input) => parseInvite(input));
  assertMayAct(actor, "updateMemberRole", memberResource("*"), "invite members");
  const ceiling = roleCeiling(actor);
  for (const { role } of valid) {
    if (!canGrantRole(ceiling, role)) {
      throw new Forbidden(role === "owner" ? "Only owners can invite an owner" : `You can't invite a member with a role above your own (${ceiling})`);
    }
  }
  const passwords = valid.map(() => generateOneTimePassword());
  // Hashed before the transaction: scrypt is deliberately slow, and no lock needs to wait for it.
  const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
  const invited = await writeAs(actor, async (tx) => {
    const views = [];
    for (const [i, invite] of valid.entries()) views.push(await insertMember(tx, actor, invite, hashes[i]!));
    return views;
  });
  return invited.map((member, i) => ({ member, oneTimePassword: passwords[i]! }));
}

async function insertMember(tx: Tx, actor: Actor, valid: ValidInvite, passwordHash: string) {
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
      .values({ accountId: actor.accountId, ...valid, passwordHash })
      .returning({ id: members.id });
  } catch (error) {
    // Two invitations of one address at once: the unique index decides.
    if (uniqueViolation(error) !== null) throw new Conflict(TAKEN, { email: TAKEN });
    // Drizzle's message lists the query's parameters, the password hash among them.
    throw withoutQueryDetails(error);
  }
  if (!inserted) throw new Error("The member was not stored");
  await recordChange(tx, {
    actor,
    action: "memberInvited",
    target: { kind: "member", id: inserted.id, name: valid.email },
    changes: diffFields({}, { email: valid.email, firstName: valid.firstName, lastName: valid.lastName, role: valid.role }),
  });
  const view = await findMemberView(tx, actor.accountId, inserted.id);
  if (!view) throw new Error("The stored member could not be read back");
  return view;
}
