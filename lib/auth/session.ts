import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { noteCaller } from "../operations/requests";
import { authOptions } from "./options";
import { loadSessionMember, type CurrentMember } from "./session-member";

export type { CurrentMember };

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
  const member = memberId ? await loadSessionMember(memberId) : null;
  // The request's log line names who made it (lib/operations/requests.ts).
  if (member) noteCaller({ memberId: member.id });
  return member;
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
