// Reading members. Reads are not policy-gated (only writes are): everyone in an account
// may see who else is in it. Every query is scoped by account and names its columns, so a
// password hash never leaves the members table.
import { and, asc, count, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { database } from "../../db/client";
import { accessTokens, customRoles, memberCustomRoles, members } from "../../db/schema";
import { groupBy, likeContains, qualified } from "../../db/sql";
import type { Reader } from "../../db/tx";
import type { Actor } from "../access";
import { NotFound } from "../errors";
import type { BuiltInRole } from "../policy";
import type { ListMembersQuery, MemberView } from "./types";
import { parseListMembersQuery } from "./validation";

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

/**
 * A page of the account's members, ordered by email. The page and the total come from one
 * query (a window count); only a page past the end needs a second query to learn the total.
 */
export async function listMembers(actor: Actor, query: ListMembersQuery = {}): Promise<{ items: MemberView[]; totalCount: number }> {
  const q = parseListMembersQuery(query);
  const db = await database();
  const conditions: (SQL | undefined)[] = [eq(members.accountId, actor.accountId)];
  if (!q.includeRemoved) conditions.push(isNull(members.removedAt));
  if (q.search !== "") {
    const pattern = likeContains(q.search);
    // The full name too, so "Ada Love" finds Ada Lovelace.
    conditions.push(or(ilike(members.email, pattern), ilike(sql`${members.firstName} || ' ' || ${members.lastName}`, pattern)));
  }
  const where = and(...conditions);
  const rows = await db
    .select({ ...columns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(members)
    .where(where)
    .orderBy(byEmail, asc(members.id))
    .limit(q.limit)
    .offset(q.offset);
  let totalCount = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.offset > 0) {
    const [counted] = await db.select({ n: count() }).from(members).where(where);
    totalCount = counted?.n ?? 0;
  }
  return { items: await toViews(db, actor.accountId, rows), totalCount };
}
