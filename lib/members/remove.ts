// Removing a member. Removal is a state (removedAt), not a delete: history and tokens keep
// pointing at the row, and nothing of theirs is deleted here.
import { and, eq, isNull } from "drizzle-orm";
import { members } from "../../db/schema";
import { assertMayAct, endMemberSessions, writeAs, type Actor } from "../access";
import { recordChange } from "../audit";
import { Invalid, NotFound } from "../errors";
import { revokeLinks } from "../passwords";
import { memberResource } from "../policy";
import { assertAnotherOwnerRemains, assertMayManage, assertStillOwner, lockMember } from "./guards";

/**
 * Removes the member from the account. Needs `deleteMember` on member/<id>; only owners remove
 * owners (nobody removes a member who outranks them), and the last owner can't be removed.
 *
 * Their sessions and personal tokens stop working at once, because actors and token
 * authentication require an active member; their sessions and set-password links are ended too. Service tokens they created keep working: those
 * belong to the account, not to a person, and deleting them would break whatever
 * automation depends on them; admins can delete them separately.
 */
export async function removeMember(actor: Actor, memberId: string): Promise<void> {
  // Nobody removes themselves: it would end the very session (or token) making the request,
  // and the last admin could lock the whole account out of administration by accident. Another
  // admin or owner can remove them. The rule also holds for a service token and its creator,
  // to keep it one simple rule.
  if (memberId === actor.memberId) {
    throw new Invalid("You can't remove yourself", { memberId: "You can't remove yourself" });
  }
  assertMayAct(actor, "deleteMember", memberResource(memberId));
  await writeAs(actor, async (tx) => {
    const { member, ownerIds } = await lockMember(tx, actor.accountId, memberId, (current) => current === "owner");
    if (member.removedAt) throw new NotFound("This member has already been removed");
    assertMayManage(actor, member, "remove");
    if (ownerIds) {
      assertStillOwner(actor, ownerIds);
      if (member.role === "owner") assertAnotherOwnerRemains(ownerIds, member.id);
    }
    const removed = await tx
      .update(members)
      .set({ removedAt: new Date() })
      .where(and(eq(members.accountId, actor.accountId), eq(members.id, member.id), isNull(members.removedAt)))
      .returning({ id: members.id });
    if (removed.length === 0) throw new NotFound("This member has already been removed");
    // Every request already refuses a removed member; ending their sessions and links as well
    // leaves nothing that would come back to life should the member ever be restored.
    await endMemberSessions(tx, member.id);
    await revokeLinks(tx, member.id);
    await recordChange(tx, {
      actor,
      action: "memberRemoved",
      target: { kind: "member", id: member.id, name: member.email },
      changes: { removed: { before: false, after: true } },
    });
  });
}
