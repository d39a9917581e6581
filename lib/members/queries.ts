// Reading members. Reads are not policy-gated (only writes are): everyone in an account
// may see who else is in it. Every query is scoped by account and names its columns, so a
// password hash never leaves the members table.
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { database } from "../../db/client";
import { accessTokens, customRoles, memberCustomRoles, members } from "../../db/schema";
import { groupBy, likeContains, qualified } from "../../db/sql";
import type { Reader } from "../../db/tx";
import type { Actor } from "../access";
import { NotFound } from "../errors";
import { BUILT_IN_ROLES, type BuiltInRole } from "../policy";
import type { ListMembersQuery, MemberView } from "./types";
import { parseListMembersQuery, type ValidListMembersQuery } from "./validation";

// A correlated subquery rather than a join + group by: it keeps one row per member without
// grouping every column, and uses access_tokens_member_created_idx (account, member, ...).
const personalTokenCount = sql<number>`(
  select count(*) from ${accessTokens}
  where ${qualified(accessTokens.accountId)} = ${qualified(members.accountId)}
    and ${qualified(accessTokens.memberId)} = ${qualified(members.id)}
    and not ${qualified(accessTokens.serviceToken)}
)`.mapWith(Number);

const columns = {
  id: members.id,
  email: members.email,
  firstName: members.firstName,
  lastName: members.lastName,
  role: members.role,
  removedAt: members.removedAt,
  passwordSetAt: members.passwordSetAt,
  createdAt: members.createdAt,
  lastSignInAt: members.lastSignInAt,
  personalTokenCount,
};

interface MemberRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: BuiltInRole;
  removedAt: Date | null;
  passwordSetAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  personalTokenCount: number;
}

// Byte order, not the database's locale: PostgreSQL and PGlite then list members identically.
const byEmail = sql`lower(${members.email}) collate "C"`;

async function customRolesOf(db: Reader, accountId: string, memberIds: string[]): Promise<Map<string, MemberView["customRoles"]>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .select({ memberId: memberCustomRoles.memberId, id: customRoles.id, key: customRoles.key, name: customRoles.name })
    .from(memberCustomRoles)
    // The account condition keeps a stray cross-account link from showing (or granting) anything.
    .innerJoin(customRoles, and(eq(customRoles.id, memberCustomRoles.roleId), eq(customRoles.accountId, accountId)))
    .where(inArray(memberCustomRoles.memberId, memberIds))
    .orderBy(asc(customRoles.key));
  return groupBy(rows, "memberId");
}

async function toViews(db: Reader, accountId: string, rows: MemberRow[]): Promise<MemberView[]> {
  const roles = await customRolesOf(db, accountId, rows.map((r) => r.id));
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    customRoles: roles.get(row.id) ?? [],
    removed: row.removedAt !== null,
    pending: row.passwordSetAt === null,
    createdAt: row.createdAt,
    lastSignInAt: row.lastSignInAt,
    personalTokenCount: row.personalTokenCount,
  }));
}

/** One member of the account, removed or not, or null. */
export async function findMemberView(db: Reader, accountId: string, memberId: string): Promise<MemberView | null> {
  const rows = await db
    .select(columns)
    .from(members)
    .where(and(eq(members.accountId, accountId), eq(members.id, memberId)))
    .limit(1);
  const [view] = await toViews(db, accountId, rows);
  return view ?? null;
}

/** Another account's member gets the same answer as a made-up id: existence never leaks. */
export async function getMember(actor: Actor, memberId: string): Promise<MemberView> {
  const view = await findMemberView(await database(), actor.accountId, memberId);
  if (!view) throw new NotFound("No such member");
  return view;
}

const isBuiltInRole = (role: string): role is BuiltInRole => (BUILT_IN_ROLES as readonly string[]).includes(role);

/**
 * Members with any of the roles: a built-in role name (admin also finds owners, who can do
 * everything an admin can) or the key of one of the account's custom roles.
 */
function hasAnyRole(accountId: string, roles: string[]): SQL | undefined {
  const builtIn = roles.filter(isBuiltInRole).flatMap((role) => (role === "admin" ? ["admin", "owner"] as const : [role]));
  const keys = roles.filter((role) => !isBuiltInRole(role));
  const byCustomRole = sql`exists (
    select 1 from ${memberCustomRoles} join ${customRoles} on ${qualified(customRoles.id)} = ${qualified(memberCustomRoles.roleId)}
    where ${qualified(memberCustomRoles.memberId)} = ${qualified(members.id)}
      and ${qualified(customRoles.accountId)} = ${accountId}
      and ${qualified(customRoles.key)} in (${sql.join(keys.map((key) => sql`${key}`), sql`, `)})
  )`;
  return or(builtIn.length > 0 ? inArray(members.role, builtIn) : undefined, keys.length > 0 ? byCustomRole : undefined);
}

/**
 * A member is seen when they sign in to the console. `never`: not once (a pending invitation
 * included); `noData`: nobody, since every sign-in has been recorded from the start; `before`:
 * not since then, never-seen members included.
 */
function lastSeenCondition(filter: NonNullable<ValidListMembersQuery["lastSeen"]>): SQL | undefined {
  if ("never" in filter) return isNull(members.lastSignInAt);
  if ("noData" in filter) return sql`false`;
  return or(isNull(members.lastSignInAt), lt(members.lastSignInAt, filter.before));
}

function listConditions(accountId: string, q: ValidListMembersQuery): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(members.accountId, accountId)];
  if (!q.includeRemoved) conditions.push(isNull(members.removedAt));
  if (q.search !== "") {
    const pattern = likeContains(q.search);
    // The full name too, so "Ada Love" finds Ada Lovelace.
    conditions.push(or(ilike(members.email, pattern), ilike(sql`${members.firstName} || ' ' || ${members.lastName}`, pattern)));
  }
  if (q.roles) conditions.push(hasAnyRole(accountId, q.roles));
  if (q.ids) conditions.push(inArray(members.id, q.ids));
  if (q.emails) conditions.push(inArray(sql`lower(${members.email})`, q.emails));
  if (q.lastSeen) conditions.push(lastSeenCondition(q.lastSeen));
  // Tollgate has no teams: no member is on one.
  if (q.team !== undefined || q.noTeam === false) conditions.push(sql`false`);
  return and(...conditions);
}

// The name people see: first and last name, or the email address when there is none.
const displayName = sql`lower(coalesce(nullif(trim(${members.firstName} || ' ' || ${members.lastName}), ''), ${members.email})) collate "C"`;

/** Never-seen members count as the oldest: first going up, last going down. */
function orderOf(sort: ValidListMembersQuery["sort"]): SQL[] {
  const order = sort.flatMap(({ field, descending }) => {
    if (field === "lastSeen") return [descending ? sql`${members.lastSignInAt} desc nulls last` : sql`${members.lastSignInAt} asc nulls first`];
    const expression = field === "displayName" ? displayName : byEmail;
    return [descending ? desc(expression) : asc(expression)];
  });
  return [...order, byEmail, asc(members.id)];
}

/**
 * A page of the account's members, ordered by email unless sorted otherwise. The page and the
 * total come from one query (a window count); only a page past the end needs a second query to
 * learn the total.
 */
export async function listMembers(actor: Actor, query: ListMembersQuery = {}): Promise<{ items: MemberView[]; totalCount: number }> {
  const q = parseListMembersQuery(query);
  const db = await database();
  const where = listConditions(actor.accountId, q);
  const rows = await db
    .select({ ...columns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(members)
    .where(where)
    .orderBy(...orderOf(q.sort))
    .limit(q.limit)
    .offset(q.offset);
  let totalCount = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.offset > 0) {
    const [counted] = await db.select({ n: count() }).from(members).where(where);
    totalCount = counted?.n ?? 0;
  }
  return { items: await toViews(db, actor.accountId, rows), totalCount };
}
