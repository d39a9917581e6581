// Creating, changing and deleting custom roles. Members and tokens reference a role rather than
// copy its policy, so every change takes effect for all of them from their next request on
// (actors are re-read per request): there is nothing to propagate.
import { and, count, eq, isNull } from "drizzle-orm";
import { accessTokenCustomRoles, customRoles, memberCustomRoles, members } from "../../db/schema";
import { database } from "../../db/client";
import type { Tx } from "../../db/tx";
import { assertMayAct, writeAs, type Actor } from "../access";
import { diffFields, parseChangeComment, recordChange } from "../audit";
import { NotFound } from "../errors";
import { roleResource } from "../policy";
import { findRoleByKeyOrId, findRoleView } from "./queries";
import type { CreateRoleInput, DeletedRole, RoleView, UpdateRoleInput } from "./types";
import { isRoleKey, parseCreateRole, parseUpdateRole } from "./validation";

async function readBack(tx: Tx, accountId: string, key: string): Promise<RoleView> {
  const view = await findRoleView(tx, accountId, key);
  if (!view) throw new Error("The stored role could not be read back");
  return view;
}

/**
 * Needs `createRole` on role/<key>. The key is the role's identity in policies and URLs.
 * Permission is checked before anything is validated: validating a policy costs CPU, and a
 * caller who may not create the role must not be able to spend it. The key as sent is used for
 * that check (a key the pattern refuses is refused right after, so it can never be created).
 */
export async function createRole(actor: Actor, input: CreateRoleInput): Promise<RoleView> {
  assertMayAct(actor, "createRole", roleResource(typeof input.key === "string" ? input.key : ""));
  const valid = parseCreateRole(input);
  return writeAs(actor, async (tx) => {
    const [row] = await tx
      .insert(customRoles)
      .values({ accountId: actor.accountId, ...valid })
      .returning({ id: customRoles.id });
    if (!row) throw new Error("The role was not stored");
    await recordChange(tx, {
      actor,
      action: "roleCreated",
      target: { kind: "role", id: row.id, name: valid.key },
      changes: diffFields({}, {
        key: valid.key,
        name: valid.name,
        description: valid.description,
        policy: valid.policy,
        basePermissions: valid.basePermissions,
      }),
    });
    return readBack(tx, actor.accountId, valid.key);
  });
}

/**
 * The role a URL names (key or id) as its key and id. Keys never change, so permission can be
 * checked on role/<key> before the write's transaction; the write then finds the row by both,
 * so a role deleted and re-created under the same key in between is NotFound, not the new one.
 */
async function resolveRole(actor: Actor, keyOrId: string): Promise<{ id: string; key: string }> {
  if (!isRoleKey(keyOrId)) throw new NotFound("No such role");
  const role = await findRoleByKeyOrId(await database(), actor.accountId, keyOrId);
  if (!role) throw new NotFound("No such role");
  return { id: role.id, key: role.key };
}

const sameRole = (actor: Actor, role: { id: string; key: string }) =>
  and(eq(customRoles.accountId, actor.accountId), eq(customRoles.id, role.id), eq(customRoles.key, role.key));

/** What an update or a delete reads of the role it locks: the fields history compares. */
const lockedRoleColumns = {
  id: customRoles.id,
  name: customRoles.name,
  description: customRoles.description,
  policy: customRoles.policy,
  basePermissions: customRoles.basePermissions,
};

/**
 * Needs `updateRole` on role/<key>; the role is named by key or id. Changes the given fields (the
 * key stays: policies name it); the history entry holds only what changed, policies compared by
 * structure, not by spelling. An update that changes nothing writes nothing.
 */
export async function updateRole(actor: Actor, keyOrId: string, input: UpdateRoleInput): Promise<RoleView> {
  const target = await resolveRole(actor, keyOrId);
  const key = target.key;
  // Before the policy is validated, as for createRole.
  assertMayAct(actor, "updateRole", roleResource(key));
  const valid = parseUpdateRole(input);
  const comment = parseChangeComment(input.comment);
  return writeAs(actor, async (tx) => {
    // NO KEY UPDATE: concurrent edits take turns, while members and tokens can still be linked.
    const [role] = await tx
      .select(lockedRoleColumns)
      .from(customRoles)
      .where(sameRole(actor, target))
      .for("no key update");
    if (!role) throw new NotFound("No such role");
    const changes = diffFields(
      { name: role.name, description: role.description, policy: role.policy, basePermissions: role.basePermissions },
      { ...valid },
    );
    if (Object.keys(changes).length === 0) return readBack(tx, actor.accountId, key);
    // Authentication caches: migration 0002's custom_roles trigger announces all (any holder may be cached).
    const updated = await tx
      .update(customRoles)
      .set({
        ...(changes.name && { name: valid.name }),
        ...(changes.description && { description: valid.description }),
        ...(changes.policy && { policy: valid.policy }),
        ...(changes.basePermissions && { basePermissions: valid.basePermissions }),
        updatedAt: new Date(),
      })
      .where(and(eq(customRoles.accountId, actor.accountId), eq(customRoles.id, role.id)))
      .returning({ id: customRoles.id });
    if (updated.length === 0) throw new NotFound("No such role");
    await recordChange(tx, { actor, action: "roleUpdated", target: { kind: "role", id: role.id, name: key }, changes, comment });
    return readBack(tx, actor.accountId, key);
  });
}

/**
 * Needs `deleteRole` on role/<key>. The links to members and tokens go with it (cascade); the
 * counts say how many lost it. Members keep their built-in role. A token whose only permission
 * was this role is left with no custom roles, which allows nothing: it fails closed rather than
 * falling back to something broader, and stays listed so its owner can see why and delete it.
 * Deleting a role that denies something widens its holders' access — the confirmation shows
 * roleUsage first for that reason.
 */
export async function deleteRole(actor: Actor, keyOrId: string): Promise<DeletedRole> {
  const target = await resolveRole(actor, keyOrId);
  const key = target.key;
  assertMayAct(actor, "deleteRole", roleResource(key));
  return writeAs(actor, async (tx) => {
    // FOR UPDATE (not NO KEY UPDATE): it conflicts with the key-share lock a new link's foreign
    // key takes, so nothing is linked between the counting and the delete.
    const [role] = await tx
      .select(lockedRoleColumns)
      .from(customRoles)
      .where(sameRole(actor, target))
      .for("update");
    if (!role) throw new NotFound("No such role");
    const [holders] = await tx
      .select({ n: count() })
      .from(memberCustomRoles)
      .innerJoin(members, eq(members.id, memberCustomRoles.memberId))
      .where(and(eq(memberCustomRoles.roleId, role.id), isNull(members.removedAt)));
    const [tokens] = await tx.select({ n: count() }).from(accessTokenCustomRoles).where(eq(accessTokenCustomRoles.roleId, role.id));
    // Authentication caches: migration 0002 announces all (custom_roles) and each cascaded link's member or token.
    const deleted = await tx
      .delete(customRoles)
      .where(and(eq(customRoles.accountId, actor.accountId), eq(customRoles.id, role.id)))
      .returning({ id: customRoles.id });
    if (deleted.length === 0) throw new NotFound("No such role");
    const affected = { affectedMembers: holders?.n ?? 0, affectedTokens: tokens?.n ?? 0 };
    await recordChange(tx, {
      actor,
      action: "roleDeleted",
      target: { kind: "role", id: role.id, name: key },
      changes: {
        key: { before: key, after: null },
        name: { before: role.name, after: null },
        description: { before: role.description, after: null },
        policy: { before: role.policy, after: null },
        basePermissions: { before: role.basePermissions, after: null },
        memberCount: { before: affected.affectedMembers, after: 0 },
        tokenCount: { before: affected.affectedTokens, after: 0 },
      },
    });
    return affected;
  });
}
