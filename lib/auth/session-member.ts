// The signed-in member, read from the database on every request: the session cookie only names
// them, so a removal or a role change takes effect at once. Two queries give both what the
// console shows (CurrentMember) and what the domain checks (the Actor).
import { and, eq, isNull } from "drizzle-orm";
import { database } from "../../db/client";
import { accounts, customRoles, memberCustomRoles, members } from "../../db/schema";
import { isAdminOrAbove, type MemberActor } from "../access";
import { memberPolicy, storedPolicy, type BuiltInRole } from "../policy";

export interface CurrentMember {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: BuiltInRole;
  customRoleKeys: string[];
  account: { id: string; name: string; serviceTokenLimit: number };
}

/** The member as the database has them now, and as an actor; null once they are removed. */
export async function loadCaller(memberId: string, ip: string | null): Promise<{ member: CurrentMember; actor: MemberActor } | null> {
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
    })
    .from(members)
    .innerJoin(accounts, eq(accounts.id, members.accountId))
    .where(and(eq(members.id, memberId), isNull(members.removedAt)))
    .limit(1);
  if (!row) return null;
  const roles = await db
    .select({ key: customRoles.key, policy: customRoles.policy })
    .from(memberCustomRoles)
    // The account condition keeps a stray cross-account link from granting anything.
    .innerJoin(customRoles, and(eq(customRoles.id, memberCustomRoles.roleId), eq(customRoles.accountId, row.accountId)))
    .where(eq(memberCustomRoles.memberId, row.id))
    .orderBy(customRoles.key);
  return {
    member: {
      id: row.id,
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      role: row.role,
      customRoleKeys: roles.map((r) => r.key),
      account: { id: row.accountId, name: row.accountName, serviceTokenLimit: row.serviceTokenLimit },
    },
    actor: {
      kind: "member",
      accountId: row.accountId,
      memberId: row.id,
      memberRole: row.role,
      memberPolicy: memberPolicy(row.role, row.id, roles.map((r) => storedPolicy(r.policy))),
      displayName: row.email,
      ip,
      canViewAllTokens: isAdminOrAbove(row.role),
    },
  };
}

/** The signed-in member as the database has them now; null once they are removed. */
export async function loadSessionMember(memberId: string): Promise<CurrentMember | null> {
  return (await loadCaller(memberId, null))?.member ?? null;
}

/** A member acting through the console (re-read on every request), or null when removed or unknown. */
export async function loadMemberActor(memberId: string, ip: string | null): Promise<MemberActor | null> {
  return (await loadCaller(memberId, ip))?.actor ?? null;
}
