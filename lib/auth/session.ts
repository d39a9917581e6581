import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { database } from "@/db/client";
import { accounts, customRoles, memberCustomRoles, members } from "@/db/schema";
import type { BuiltInRole } from "@/lib/policy";
import { authOptions } from "./options";

export interface CurrentMember {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: BuiltInRole;
  customRoleKeys: string[];
  account: { id: string; name: string; serviceTokenLimit: number };
}

/**
 * Who is calling, re-read from the database on every request: the session cookie only names
 * the member, so a removal or a role change takes effect at once, not when the cookie expires.
 */
export async function currentMember(): Promise<CurrentMember | null> {
  // Request-time only: without this, `next build` would try to prerender the page and reach
  // for the session secret (and so the database) at build time.
  await connection();
  const session = await getServerSession(await authOptions());
  const memberId = session?.user?.memberId;
  if (!memberId) return null;
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

/**
 * The first line of every settings page and server action. A proxy redirect is only a comfort;
 * this is the check. Unauthenticated callers are sent to the sign-in page.
 */
export async function requireMember(): Promise<CurrentMember> {
  const member = await currentMember();
  if (!member) redirect("/login");
  return member;
}
