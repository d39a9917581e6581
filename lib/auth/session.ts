import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { env } from "../env";
import { noteCaller } from "../operations/requests";
import { authSecret } from "./secret";
import { loadSessionMember, type CurrentMember } from "./session-member";

export type { CurrentMember };

/**
 * Who is calling, re-read from the database on every request: the session cookie only names
 * the member and their session row, so a removal, a role change or an ended session takes
 * effect at once, not when the cookie expires.
 */
export async function currentMember(): Promise<CurrentMember | null> {
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
  const member = memberId && sessionSecret ? await loadSessionMember(memberId, sessionSecret) : null;
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
