import { and, eq, isNull } from "drizzle-orm";
import { database } from "../../db/client";
import { accounts, customRoles, memberCustomRoles, members } from "../../db/schema";
import type { BuiltInRole } from "../policy";

export interface CurrentMember {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: BuiltInRole;
  customRoleKeys: string[];
  account: { id: string; name: string; serviceTokenLimit: number };
}

/** The signed-in member as the database has them now; null once they are removed. */
export async function loadSessionMember(memberId: string): Promise<CurrentMember | null> {
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
    .select({ key: customRoles.key })
    .from(memberCustomRoles)
    .innerJoin(customRoles, eq(customRoles.id, memberCustomRoles.roleId))
    .where(eq(memberCustomRoles.memberId, row.id));
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    customRoleKeys: roles.map((r) => r.key),
    account: { id: row.accountId, name: row.accountName, serviceTokenLimit: row.serviceTokenLimit },
  };
}
