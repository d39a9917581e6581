import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import type { MemberActor } from "../access";
import { clientIpFrom } from "./client-ip";
import { authOptions } from "./options";
import { loadCaller, type CurrentMember } from "./session-member";

export type { CurrentMember };

/**
 * Who is calling, re-read from the database once per request (React's cache(): the layout, the
 * page and an action share one load, two queries). The session cookie only names the member, so
 * a removal or a role change takes effect at once, not when the cookie expires.
 */
const currentCaller = cache(async (): Promise<{ member: CurrentMember; actor: MemberActor } | null> => {
  // Request-time only: without this, `next build` would try to prerender the page and reach
  // for the session secret (and so the database) at build time.
  await connection();
  const session = await getServerSession(await authOptions());
  const memberId = session?.user?.memberId;
  return memberId ? loadCaller(memberId, clientIpFrom(await headers())) : null;
});

export async function currentMember(): Promise<CurrentMember | null> {
  return (await currentCaller())?.member ?? null;
}

/**
 * The first line of every settings page and server action (as requireActor, for the domain's
 * Actor). A proxy redirect is only a comfort; this is the check. Unauthenticated callers are sent
 * to the sign-in page.
 */
export async function requireCaller(): Promise<{ member: CurrentMember; actor: MemberActor }> {
  const caller = await currentCaller();
  if (!caller) redirect("/login");
  return caller;
}

export async function requireMember(): Promise<CurrentMember> {
  return (await requireCaller()).member;
}
