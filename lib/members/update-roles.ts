// Changing a member's built-in role and custom roles. The member's actor is re-read on every
// request (lib/auth/actor.ts), so a change applies from their next request on — and so to their
// personal tokens, which can never do more than their member.
import { and, asc, eq } from "drizzle-orm";
import { customRoles, memberCustomRoles, members } from "../../db/schema";
import type { Tx } from "../../db/tx";
import { assertMayAct, canGrantRole, isAdminOrAbove, roleCeiling, writeAs, type Actor } from "../access";
import { diffFields, parseChangeComment, recordChange, type AuditChanges } from "../audit";
import { errorCode, Forbidden, Invalid, NotFound } from "../errors";
import { memberResource } from "../policy";
import { assertCustomRolesInAccount } from "../roles";
import { assertAnotherOwnerRemains, assertMayManage, assertStillOwner, lockMember, type LockedMember } from "./guards";
import { findMemberView } from "./queries";
import type { MemberView, UpdateMemberRolesInput } from "./types";
import { parseUpdateMemberRoles, type ValidUpdateMemberRoles } from "./validation";

async function customRoleIdsOf(tx: Tx, accountId: string, memberId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: customRoles.id })
    .from(memberCustomRoles)
    .innerJoin(customRoles, and(eq(customRoles.id, memberCustomRoles.roleId), eq(customRoles.accountId, accountId)))
    .where(eq(memberCustomRoles.memberId, memberId))
    .orderBy(asc(customRoles.id));
  return rows.map((r) => r.id);
}

const GONE_ROLE = "One or more of the chosen custom roles do not exist";

async function linkCustomRoles(tx: Tx, memberId: string, roleIds: string[]): Promise<void> {
  try {
    await tx.insert(memberCustomRoles).values(roleIds.map((roleId) => ({ memberId, roleId })));
  } catch (error) {
    // A role deleted after it was checked: its foreign key refuses the link (23503).
    if (errorCode(error) === "23503") throw new Invalid(GONE_ROLE, { customRoleIds: GONE_ROLE });
    throw error;
  }
}

/** The rules that depend on what actually changes (see updateMemberRoles). */
async function assertMayChange(
  tx: Tx,
  actor: Actor,
  member: LockedMember,
  ownerIds: string[] | null,
  valid: ValidUpdateMemberRoles,
  changes: AuditChanges,
): Promise<void> {
  const ceiling = roleCeiling(actor);
  if (changes.role && valid.role) {
    if (!canGrantRole(ceiling, valid.role)) {
      throw new Forbidden(valid.role === "owner" ? "Only owners can grant the owner role" : `You can't grant a role above your own (${ceiling})`);
    }
    if (member.role === "owner" && ownerIds) assertAnotherOwnerRemains(ownerIds, member.id);
  }
  if (changes.customRoleIds && valid.customRoleIds) {
    if (!isAdminOrAbove(ceiling)) throw new Forbidden("Only admins and owners can change a member's custom roles");
    if (valid.customRoleIds.length > 0) await assertCustomRolesInAccount(tx, actor.accountId, valid.customRoleIds);
  }
}

async function applyChanges(tx: Tx, accountId: string, memberId: string, valid: ValidUpdateMemberRoles, changes: AuditChanges) {
  // Authentication caches: migration 0002's members and member_custom_roles triggers announce member:<id>.
  if (changes.role && valid.role) {
    const updated = await tx
      .update(members)
      .set({ role: valid.role })
      .where(and(eq(members.accountId, accountId), eq(members.id, memberId)))
      .returning({ id: members.id });
    if (updated.length === 0) throw new NotFound("No such member");
  }
  if (changes.customRoleIds && valid.customRoleIds) {
    await tx.delete(memberCustomRoles).where(eq(memberCustomRoles.memberId, memberId));
    if (valid.customRoleIds.length > 0) await linkCustomRoles(tx, memberId, valid.customRoleIds);
  }
}

/**
 * Sets the member's built-in role and/or their complete set of custom roles. Needs
 * `updateMemberRole` on member/<id>, and:
 * - nobody grants a role above their own, or touches a member who outranks them — so only
 *   owners grant the owner role or change an owner's;
 * - the last active owner can't be demoted (the owners are locked, so two concurrent demotions
 *   of the last two owners leave one);
 * - custom roles can't be ranked against built-in roles (one may allow everything), so only
 *   admins and owners assign them; otherwise a reader allowed `updateMemberRole` by a custom
 *   role could hand themselves a role that allows `*`.
 * Sending the current values changes nothing and records nothing.
 */
export async function updateMemberRoles(actor: Actor, memberId: string, input: UpdateMemberRolesInput): Promise<MemberView> {
  const valid = parseUpdateMemberRoles(input);
  const comment = parseChangeComment(input.comment);
  // Checked before looking the member up, so the answer says nothing about whether they exist.
  assertMayAct(actor, "updateMemberRole", memberResource(memberId));
  return writeAs(actor, async (tx) => {
    const { member, ownerIds } = await lockMember(
      tx,
      actor.accountId,
      memberId,
      (current) => current === "owner" || valid.role === "owner",
    );
    if (member.removedAt) throw new Invalid("This member has been removed; their roles can no longer be changed");
    assertMayManage(actor, member, "change the role of");
    if (ownerIds) assertStillOwner(actor, ownerIds);
    const before = { role: member.role, customRoleIds: await customRoleIdsOf(tx, actor.accountId, member.id) };
    const changes = diffFields(before, { role: valid.role, customRoleIds: valid.customRoleIds });
    if (Object.keys(changes).length > 0) {
      await assertMayChange(tx, actor, member, ownerIds, valid, changes);
      await applyChanges(tx, actor.accountId, member.id, valid, changes);
      await recordChange(tx, {
        actor,
        action: "memberUpdated",
        target: { kind: "member", id: member.id, name: member.email },
        changes,
        comment,
      });
    }
    const view = await findMemberView(tx, actor.accountId, member.id);
    if (!view) throw new NotFound("No such member");
    return view;
  });
}
