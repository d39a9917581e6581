// Reading custom roles. Reads are not policy-gated (only writes are): every member may
// see the account's roles, e.g. to pick one for a token. Every query is scoped by account.
import { and, asc, count, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { database } from "../../db/client";
import { accessTokenCustomRoles, accessTokens, customRoles, memberCustomRoles, members } from "../../db/schema";
import { qualified } from "../../db/sql";
import type { Reader } from "../../db/tx";
import { canSeeToken, type Actor } from "../access";
import { Invalid, NotFound } from "../errors";
import { storedPolicy } from "../policy";
import { pageFields } from "../paging";
import { parseInput } from "../forms";
import { z } from "zod";
import type { CustomRoleOption, RoleUsage, RoleView } from "./types";
import { isRoleIdShape, isRoleKey } from "./validation";

// Correlated aggregates: one row per role without grouping every column, each answered from
// the role_id indexes of the link tables. Removed members no longer hold anything, so only
// active ones count.
const memberCount = sql<number>`(
  select count(*) from ${memberCustomRoles}
  join ${members} on ${qualified(members.id)} = ${qualified(memberCustomRoles.memberId)}
  where ${qualified(memberCustomRoles.roleId)} = ${qualified(customRoles.id)}
    and ${qualified(members.accountId)} = ${qualified(customRoles.accountId)}
    and ${qualified(members.removedAt)} is null
)`.mapWith(Number);

const tokenCount = sql<number>`(
  select count(*) from ${accessTokenCustomRoles}
  where ${qualified(accessTokenCustomRoles.roleId)} = ${qualified(customRoles.id)}
)`.mapWith(Number);

const columns = {
  id: customRoles.id,
  key: customRoles.key,
  name: customRoles.name,
  description: customRoles.description,
  policy: customRoles.policy,
  basePermissions: customRoles.basePermissions,
  memberCount,
  tokenCount,
  createdAt: customRoles.createdAt,
  updatedAt: customRoles.updatedAt,
};

// A stored policy that no longer parses is shown as what it does: deny everything (fail closed).
const toView = (row: Omit<RoleView, "policy"> & { policy: unknown }): RoleView => ({ ...row, policy: storedPolicy(row.policy) });

export async function findRoleView(db: Reader, accountId: string, key: string): Promise<RoleView | null> {
  return isRoleKey(key) ? findRoleWhere(db, accountId, eq(customRoles.key, key)) : null;
}

async function findRoleWhere(db: Reader, accountId: string, which: SQL): Promise<RoleView | null> {
  const [row] = await db.select(columns).from(customRoles).where(and(eq(customRoles.accountId, accountId), which)).limit(1);
  return row ? toView(row) : null;
}

/**
 * The role a URL names: by key, or else by id (LaunchDarkly takes either). No key of the shape
 * of an id can be created, so the two readings never name different roles.
 */
export async function findRoleByKeyOrId(db: Reader, accountId: string, keyOrId: string): Promise<RoleView | null> {
  const byKey = await findRoleView(db, accountId, keyOrId);
  if (byKey || !isRoleIdShape(keyOrId)) return byKey;
  return findRoleWhere(db, accountId, eq(customRoles.id, keyOrId));
}

export const DEFAULT_ROLE_PAGE_SIZE = 20;

/** A page of the account's custom roles in key order, with the total for paging. */
export async function listRolePage(actor: Actor, query: { limit?: number; offset?: number }): Promise<{ items: RoleView[]; totalCount: number }> {
  const { limit, offset } = parseInput(z.object(pageFields(DEFAULT_ROLE_PAGE_SIZE)), query);
  const db = await database();
  const where = eq(customRoles.accountId, actor.accountId);
  const [rows, [total]] = await Promise.all([
    // The key is unique per account: a total order, so pages never overlap.
    db.select(columns).from(customRoles).where(where).orderBy(sql`${customRoles.key} collate "C"`).limit(limit).offset(offset),
    db.select({ n: count() }).from(customRoles).where(where),
  ]);
  return { items: rows.map(toView), totalCount: total?.n ?? 0 };
}

/** The account's custom roles, by key (keys are ASCII, so byte order reads naturally). */
export async function listRoles(actor: Actor): Promise<RoleView[]> {
  const db = await database();
  const rows = await db
    .select(columns)
    .from(customRoles)
    .where(eq(customRoles.accountId, actor.accountId))
    .orderBy(sql`${customRoles.key} collate "C"`);
  return rows.map(toView);
}

/** By key or id. Another account's role gets the same answer as a made-up key: existence never leaks. */
export async function getRole(actor: Actor, keyOrId: string): Promise<RoleView> {
  const view = await findRoleByKeyOrId(await database(), actor.accountId, keyOrId);
  if (!view) throw new NotFound("No such role");
  return view;
}

/**
 * Who and what uses the role, for the "what loses access" confirmation before a delete or a
 * policy change. Only tokens the viewer may see are named; other members' personal tokens are
 * only counted, because their names are not the viewer's to see (members see only their own).
 */
export async function roleUsage(actor: Actor, key: string): Promise<RoleUsage> {
  const db = await database();
  const role = await findRoleView(db, actor.accountId, key);
  if (!role) throw new NotFound("No such role");
  const holders = await db
    .select({ id: members.id, email: members.email })
    .from(memberCustomRoles)
    .innerJoin(members, eq(members.id, memberCustomRoles.memberId))
    .where(and(eq(memberCustomRoles.roleId, role.id), eq(members.accountId, actor.accountId), isNull(members.removedAt)))
    .orderBy(sql`lower(${members.email}) collate "C"`);
  const tokens = await db
    .select({
      id: accessTokens.id,
      name: accessTokens.name,
      serviceToken: accessTokens.serviceToken,
      memberId: accessTokens.memberId,
    })
    .from(accessTokenCustomRoles)
    .innerJoin(accessTokens, eq(accessTokens.id, accessTokenCustomRoles.tokenId))
    .where(and(eq(accessTokenCustomRoles.roleId, role.id), eq(accessTokens.accountId, actor.accountId)))
    .orderBy(sql`${accessTokens.name} collate "C"`, accessTokens.id);
  const visible = tokens.filter((token) => canSeeToken(actor, token));
  return {
    members: holders,
    tokens: visible.map(({ id, name, serviceToken }) => ({ id, name, serviceToken })),
    hiddenTokenCount: tokens.length - visible.length,
  };
}

/** The same answer for another account's role as for a made-up id: existence never leaks. */
export async function assertCustomRolesInAccount(db: Reader, accountId: string, ids: string[]): Promise<void> {
  const found = await db
    .select({ id: customRoles.id })
    .from(customRoles)
    .where(and(eq(customRoles.accountId, accountId), inArray(customRoles.id, ids)));
  if (found.length !== new Set(ids).size) {
    const message = "One or more of the chosen custom roles do not exist";
    throw new Invalid(message, { customRoleIds: message });
  }
}

/**
 * The account's custom roles for the role pickers (tokens and members). Every member may see
 * them: assigning one to a personal token cannot exceed the member (requests check both), and
 * the server decides on save whether a service token or a member may carry them.
 */
export async function listCustomRolesForPicker(actor: Actor): Promise<CustomRoleOption[]> {
  const db = await database();
  return db
    .select({ id: customRoles.id, key: customRoles.key, name: customRoles.name, description: customRoles.description })
    .from(customRoles)
    .where(eq(customRoles.accountId, actor.accountId))
    .orderBy(asc(customRoles.name), asc(customRoles.key));
}
