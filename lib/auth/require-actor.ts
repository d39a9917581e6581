// The console's entry into lib/auth (Next.js only: it reads the request's cookies and headers).
// Everything else imports lib/auth/index.ts, which has no Next imports.
import "server-only";
import type { MemberActor } from "../access";
import { currentMember, requireCaller, requireMember, type CurrentMember } from "./session";

export { currentMember, requireCaller, requireMember, type CurrentMember };
export { authOptions } from "./options";

/**
 * Who is calling, as the domain checks it: the first line of every settings page and server
 * action. Loaded once per request with the session member (session.ts); a signed-out or removed
 * caller is sent to the sign-in page.
 */
export async function requireActor(): Promise<MemberActor> {
  return (await requireCaller()).actor;
}
