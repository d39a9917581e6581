// The signed-in member, read from the database on every request: the session cookie only names
// them and their session row, so a removal, a role change or an ended session takes effect at
// once. Two queries give both what the console shows (CurrentMember) and what the domain checks
// (the Actor).
import { and, eq, isNull } from "drizzle-orm";
import { database } from "../../db/client";
import { accounts, members, sessions } from "../../db/schema";
import { memberActorOf, memberRoles, sessionIsLive, type MemberActor } from "../access";
import type { BuiltInRole } from "../policy";
import { hashSessionSecret, noteSessionSeen } from "./sessions";

export interface CurrentMember {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: BuiltInRole;
  customRoleKeys: string[];
  account: { id: string; name: string; serviceTokenLimit: number };
  /** The session row this request came with (lib/auth/sessions.ts). */
  sessionId: string;
}

/**
 * The signed-in member as the database has them now, and as an actor: null once they are removed,
 * or once the session row the cookie names has ended (signed out, ended from another browser, a
 * password change or reset) or gone idle. One query for member, account and session together.
 */
export async function loadCaller(memberId: string, sessionSecret: string, ip: string | null): Promise<{ member: CurrentMember; actor: MemberActor } | null> {
  const db = await database();
  const [row] = await db
    .select({
      id: members.id,
      email: members.email,
      firstName: members.firstName,
      lastName: members.lastName,
      role: members.role,
      accountId: accounts.id,
      accountName: accounts.name,
      serviceTokenLimit: accounts.serviceTokenLimit,
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(members)
    .innerJoin(accounts, eq(accounts.id, members.accountId))
    .innerJoin(sessions, and(eq(sessions.memberId, members.id), eq(sessions.secretHash, hashSessionSecret(sessionSecret)), sessionIsLive()))
    .where(and(eq(members.id, memberId), isNull(members.removedAt)))
    .limit(1);
  if (!row) return null;
  noteSessionSeen(row.sessionId, row.lastSeenAt);
  const roles = await memberRoles(db, row.id, row.accountId);
  return {
    member: {
      id: row.id,
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      role: row.role,
      customRoleKeys: roles.map((r) => r.key),
      account: { id: row.accountId, name: row.accountName, serviceTokenLimit: row.serviceTokenLimit },
      sessionId: row.sessionId,
    },
    actor: { ...memberActorOf(row, roles, ip), sessionId: row.sessionId },
  };
}

/** The signed-in member as the database has them now; null once removed or signed out. */
export async function loadSessionMember(memberId: string, sessionSecret: string): Promise<CurrentMember | null> {
  return (await loadCaller(memberId, sessionSecret, null))?.member ?? null;
}
