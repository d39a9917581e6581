// A member as an actor, read from the database now: the console's session reader
// (lib/auth/session-member.ts) and callers with no session (a set-password link, the tests)
// build it the same way.
import { and, eq, isNull } from "drizzle-orm";
import { database } from "../../db/client";
import { customRoles, memberCustomRoles, members } from "../../db/schema";
import { isAdminOrAbove, memberPolicy, storedPolicy, type BuiltInRole } from "../policy";
import type { MemberActor } from "./actor";

type Reader = Awaited<ReturnType<typeof database>>;

/** The member's custom roles (key and stored policy), of their own account only. */
export async function memberRoles(db: Reader, memberId: string, accountId: string) {
  return db
    .select({ key: customRoles.key, policy: customRoles.policy })
    .from(memberCustomRoles)
    // The account condition keeps a stray cross-account link from granting anything.
    .innerJoin(customRoles, and(eq(customRoles.id, memberCustomRoles.roleId), eq(customRoles.accountId, accountId)))
    .where(eq(memberCustomRoles.memberId, memberId))
    .orderBy(customRoles.key);
}

/** The actor of a member as read: their role and custom roles' policies, for history their email. */
export function memberActorOf(
  member: { id: string; accountId: string; email: string; role: BuiltInRole },
  roles: { policy: unknown }[],
  ip: string | null,
): MemberActor {
  return {
    kind: "member",
    accountId: member.accountId,
    memberId: member.id,
    memberRole: member.role,
    memberPolicy: memberPolicy(member.role, member.id, roles.map((r) => storedPolicy(r.policy))),
    displayName: member.email,
    ip,
    canViewAllTokens: isAdminOrAbove(member.role),
  };
}

/**
 * A member as an actor without a browser session, or null when removed or unknown. `sessionId`
 * names a session row whose writes must re-check it (tests acting as a signed-in browser).
 */
export async function loadMemberActor(memberId: string, ip: string | null, sessionId?: string): Promise<MemberActor | null> {
  const db = await database();
  const [member] = await db
    .select({ id: members.id, accountId: members.accountId, email: members.email, role: members.role })
    .from(members)
    .where(and(eq(members.id, memberId), isNull(members.removedAt)))
    .limit(1);
  if (!member) return null;
  const actor = memberActorOf(member, await memberRoles(db, member.id, member.accountId), ip);
  return sessionId ? { ...actor, sessionId } : actor;
}
