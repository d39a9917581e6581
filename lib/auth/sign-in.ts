import { and, eq, isNull, sql } from "drizzle-orm";
import { database } from "../../db/client";
import { accounts, members } from "../../db/schema";
import { countedCheck, SIGN_IN_FAILURE_LIMIT, SIGN_IN_WINDOW_SECONDS } from "../rate-limit";
import { verifyAgainstDummy, verifyPassword } from "../secrets";

export { SIGN_IN_FAILURE_LIMIT, SIGN_IN_WINDOW_SECONDS };

export type SignInResult =
  | { ok: true; member: { id: string; email: string; name: string; accountId: string; role: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

const FAILURES = { keyPrefix: "sign-in-failures", points: SIGN_IN_FAILURE_LIMIT, durationSeconds: SIGN_IN_WINDOW_SECONDS };

/**
 * Checks an email and password. Failures are counted per client address: after
 * SIGN_IN_FAILURE_LIMIT of them in the window that client is refused until the window ends —
 * other clients are not affected, so an attacker cannot lock a member out.
 *
 * Each attempt takes its place on the counter (one atomic database update) before the password
 * is checked, so however many guesses arrive at once, no more than the limit are ever checked.
 * An attempt that is refused, or that signs in, gives its place back: only checked failures stay
 * on the counter, and a member's own successful sign-ins never throttle them.
 */
export async function signInWithPassword(input: { email: unknown; password: unknown; clientIp: string }): Promise<SignInResult> {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  const password = typeof input.password === "string" ? input.password : "";
  const attempt = await countedCheck(FAILURES, input.clientIp, async () =>
    email && password && email.length <= 320 && password.length <= 1024 ? verify(email, password) : null,
  );
  if (attempt.refused) return { ok: false, reason: "throttled", retryAfterSeconds: Math.max(1, Math.ceil(attempt.msBeforeNext / 1000)) };
  const member = attempt.passed;
  if (!member) return { ok: false, reason: "invalid" };
  const db = await database();
  await db.update(members).set({ lastSignInAt: new Date() }).where(eq(members.id, member.id));
  return { ok: true, member };
}

async function verify(email: string, password: string) {
  const db = await database();
  const candidates = await db
    .select({
      id: members.id,
      email: members.email,
      firstName: members.firstName,
      lastName: members.lastName,
      accountId: members.accountId,
      role: members.role,
      passwordHash: members.passwordHash,
    })
    .from(members)
    .innerJoin(accounts, eq(accounts.id, members.accountId))
    .where(and(sql`lower(${members.email}) = ${email}`, isNull(members.removedAt)))
    .limit(10);
  // A member without a password (an invitation not yet accepted, a reset not yet completed)
  // cannot sign in with anything: their way in is their set-password link.
  const withPassword = candidates.filter((c): c is typeof c & { passwordHash: string } => c.passwordHash !== null);
  if (withPassword.length === 0) return verifyAgainstDummy(password).then(() => null);
  // Emails are unique per account; the password tells which account's member is signing in.
  for (const candidate of withPassword) {
    if (await verifyPassword(password, candidate.passwordHash)) {
      const name = `${candidate.firstName} ${candidate.lastName}`.trim() || candidate.email;
      return { id: candidate.id, email: candidate.email, name, accountId: candidate.accountId, role: candidate.role };
    }
  }
  return null;
}
