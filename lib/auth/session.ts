import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import type { MemberActor } from "../access";
import { env } from "../env";
import { noteCaller } from "../operations";
import { clientIpFrom } from "./client-ip";
import { authSecret } from "./secret";
import { loadCaller, type CurrentMember } from "./session-member";

export type { CurrentMember };

/**
 * Who is calling, re-read from the database once per request (React's cache(): the layout, the
 * page and an action share one load, two queries). The session cookie only names the member and
 * their session row, so a removal, a role change or an ended session takes effect at once, not
 * when the cookie expires.
 */
const currentCaller = cache(async (): Promise<{ member: CurrentMember; actor: MemberActor } | null> => {
  // Request-time only: without this, `next build` would try to prerender the page and reach
  // for the session secret (and so the database) at build time.
  await connection();
  // The JWT is decoded here rather than through getServerSession, whose answer is also what
  // /api/auth/session serves to the browser: the session secret stays inside the encrypted
  // cookie. Only the cookie is read (no Authorization header fallback).
  const jar = await cookies();
  const token = await getToken({
    req: { headers: {}, cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])) } as never,
    secret: await authSecret(),
    secureCookie: env().publicUrl.startsWith("https://"),
  });
  const memberId = typeof token?.memberId === "string" ? token.memberId : null;
  const sessionSecret = typeof token?.sid === "string" ? token.sid : null;
  const caller = memberId && sessionSecret ? await loadCaller(memberId, sessionSecret, clientIpFrom(await headers())) : null;
  // The request's log line names who made it (lib/operations/requests.ts).
  if (caller) noteCaller({ memberId: caller.member.id });
  return caller;
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
