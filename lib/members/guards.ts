// Locks and rules shared by the member mutations (update-roles.ts, remove.ts). Everything here
// runs inside the caller's transaction.
import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import { members } from "../../db/schema";
import type { Tx } from "../../db/tx";
import { isServiceTokenActor, mayManageMember, roleCeiling, type Actor } from "../access";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { BuiltInRole } from "../policy";

export interface LockedMember {
  id: string;
  email: string;
  role: BuiltInRole;
  removedAt: Date | null;
  /** Null while their invitation is pending. */
  passwordSetAt: Date | null;
}

const lockedColumns = { id: members.id, email: members.email, role: members.role, removedAt: members.removedAt, passwordSetAt: members.passwordSetAt };

/**
 * Locks the account's active owners, always in id order so two transactions can't deadlock.
 * An owner whose invitation is still pending is not one yet: they may never accept it, so they
 * never count towards "another owner remains".
 * NO KEY UPDATE serialises owner changes without blocking the key-share locks that inserts
 * referencing a member (tokens, role links) take. A waiter re-checks each row after the lock is
 * released, so an owner demoted or removed meanwhile drops out of its result: two concurrent
 * demotions of the last two owners see one owner left, not two.
 */
async function lockOwners(tx: Tx, accountId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.accountId, accountId), eq(members.role, "owner"), isNull(members.removedAt), isNotNull(members.passwordSetAt)))
    .orderBy(asc(members.id))
    .for("no key update");
  return rows.map((r) => r.id);
}

/**
 * Locks the member for the rest of the transaction. When the change involves an owner (decided
 * from the member's current role), the owners are locked first — always owners before the
 * member, so lock order is the same everywhere. `ownerIds` are then the active owners as of
 * now; null when no owner was involved.
 */
export async function lockMember(
  tx: Tx,
  accountId: string,
  memberId: string,
  involvesOwner: (currentRole: BuiltInRole) => boolean,
): Promise<{ member: LockedMember; ownerIds: string[] | null }> {
  const where = and(eq(members.accountId, accountId), eq(members.id, memberId));
  const [peek] = await tx.select({ role: members.role }).from(members).where(where).limit(1);
  if (!peek) throw new NotFound("No such member");
  const ownerIds = involvesOwner(peek.role) ? await lockOwners(tx, accountId) : null;
  const [member] = await tx.select(lockedColumns).from(members).where(where).limit(1).for("no key update");
  if (!member) throw new NotFound("No such member");
  // Promoted to owner between the peek and the lock: the owners were not locked, so start over
  // rather than lock them now, out of order.
  if (ownerIds === null && involvesOwner(member.role)) {
    throw new Conflict("This member was changed at the same time; please try again");
  }
  return { member, ownerIds };
}

/** Throws unless the actor may manage the member (lib/access mayManageMember: nobody above one's own role). */
export function assertMayManage(actor: Actor, target: LockedMember, verb: string): void {
  if (!mayManageMember(actor, target.role)) {
    throw new Forbidden(
      target.role === "owner" ? `Only owners can ${verb} an owner` : `You can't ${verb} a member whose role is above your own`,
    );
  }
}

/**
 * The actor was loaded at the start of the request; a demotion that committed since then must
 * not let them keep acting as an owner. The owners were just locked, so this is current. A
 * service token's authority is its own role, not a person's, so it is not re-checked here.
 */
export function assertStillOwner(actor: Actor, ownerIds: string[]): void {
  if (isServiceTokenActor(actor)) return;
  if (roleCeiling(actor) === "owner" && !ownerIds.includes(actor.memberId)) {
    throw new Forbidden("You are no longer an owner of this account");
  }
}

/** The last active owner can be neither demoted nor removed, or nobody could manage owners again. */
export function assertAnotherOwnerRemains(ownerIds: string[], memberId: string): void {
  if (!ownerIds.some((id) => id !== memberId)) {
    throw new Conflict("An account needs at least one owner", { role: "An account needs at least one owner" });
  }
}
