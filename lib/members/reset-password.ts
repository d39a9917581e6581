// An admin's "Reset password" on a member: their password stops working, every session of
// theirs ends, and a set-password link is issued (shown once to the admin, and emailed to the
// member when SMTP is configured). Only for members the admin may manage (guards.ts).
import { canActOn, isAdminOrAbove, roleCeiling, writeAs, type Actor } from "../access";
import { recordChange } from "../audit";
import { Conflict, Forbidden, Invalid, NotFound } from "../errors";
import { resetPasswordInTransaction } from "../passwords";
import { memberResource } from "../policy";
import { assertMayManage, assertStillOwner, lockMember } from "./guards";
import { handOverLink } from "./invite";
import type { IssuedSetPasswordLink } from "./types";

/**
 * Whoever holds the link can choose the member's next password, so this is for admins and owners
 * (a built-in role of admin or above, and `updateMemberRole` on the member), never on a member who
 * outranks them, and never on oneself (Change password on the profile is for that). The member
 * notices: their old password no longer works, and history records who reset it.
 */
export async function resetMemberPassword(actor: Actor, memberId: string): Promise<IssuedSetPasswordLink & { email: string }> {
  if (memberId === actor.memberId) {
    throw new Invalid("Change your own password on your profile page", { memberId: "Change your own password on your profile page" });
  }
  if (!isAdminOrAbove(roleCeiling(actor)) || !canActOn(actor, "updateMemberRole", memberResource(memberId))) {
    throw new Forbidden("Only admins and owners can reset a member's password");
  }
  const { email, link } = await writeAs(actor, async (tx) => {
    const { member, ownerIds } = await lockMember(tx, actor.accountId, memberId, (current) => current === "owner");
    if (member.removedAt) throw new NotFound("No such member");
    if (member.passwordSetAt === null) throw new Conflict("This member has not accepted their invitation yet: resend it instead");
    assertMayManage(actor, member, "reset the password of");
    if (ownerIds) assertStillOwner(actor, ownerIds);
    const reset = await resetPasswordInTransaction(tx, { accountId: actor.accountId, memberId: member.id, createdBy: actor.memberId });
    await recordChange(tx, {
      actor,
      action: "passwordReset",
      target: { kind: "member", id: member.id, name: member.email },
      changes: { signedInSessions: { before: reset.sessionsEnded, after: 0 } },
    });
    return { email: member.email, link: reset.link };
  });
  return { email, ...(await handOverLink(actor, email, link, "reset")) };
}
