// Change password, on the member's own profile: the current password, then a new one by the same
// strength rule as everywhere. Every other session of theirs ends — whoever else was signed in as
// them (a shared computer, a stolen cookie) is signed out on their next request.
import { and, eq } from "drizzle-orm";
import { database } from "../../db/client";
import { accounts, members } from "../../db/schema";
import { endMemberSessions, writeAs, type Actor } from "../access";
import { recordChange } from "../audit";
import { Conflict, Forbidden, Invalid, LimitReached } from "../errors";
import { countedCheck, SIGN_IN_FAILURE_LIMIT, SIGN_IN_WINDOW_SECONDS, tryAgainIn } from "../rate-limit";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../secrets";
import { revokeLinks } from "./links";
import { passwordProblem } from "./strength";

// As sign-in, but counted per member: the caller is already signed in, and what is guessed is
// this member's password — from whichever address a stolen session is used.
const FAILURES = { keyPrefix: "password-change-failures", points: SIGN_IN_FAILURE_LIMIT, durationSeconds: SIGN_IN_WINDOW_SECONDS };

const WRONG = "Your current password is not correct";

export async function changeOwnPassword(actor: Actor, input: { currentPassword: unknown; newPassword: unknown }): Promise<{ otherSessionsEnded: number }> {
  if (actor.kind !== "member" || !actor.sessionId) throw new Forbidden("Only a member signed in to the console can change their password");
  const current = typeof input.currentPassword === "string" ? input.currentPassword : "";
  const next = typeof input.newPassword === "string" ? input.newPassword : "";
  const db = await database();
  const [member] = await db
    .select({ hash: members.passwordHash, email: members.email, firstName: members.firstName, lastName: members.lastName, accountName: accounts.name })
    .from(members)
    .innerJoin(accounts, eq(accounts.id, members.accountId))
    .where(eq(members.id, actor.memberId))
    .limit(1);
  if (!member) throw new Forbidden("Only a member signed in to the console can change their password");

  // Each attempt takes its place on the counter before the password is checked (as sign-in).
  const attempt = await countedCheck(FAILURES, actor.memberId, () =>
    current.length > 0 && current.length <= 1024 && member.hash ? verifyPassword(current, member.hash) : verifyAgainstDummy(current),
  );
  if (attempt.refused) throw new LimitReached(`Too many wrong current passwords. ${tryAgainIn(attempt.msBeforeNext)}`);
  if (!attempt.passed) throw new Invalid(WRONG, { currentPassword: WRONG });

  const problem =
    next === current
      ? "Choose a password different from your current one"
      : await passwordProblem(next, [member.email, member.firstName, member.lastName, `${member.firstName} ${member.lastName}`, member.accountName]);
  if (problem) throw new Invalid(problem, { newPassword: problem });
  const hash = await hashPassword(next);

  return writeAs(actor, async (tx) => {
    // Only over the password that was just checked: a reset or another change in between wins.
    const changed = await tx
      .update(members)
      .set({ passwordHash: hash })
      .where(and(eq(members.id, actor.memberId), eq(members.passwordHash, member.hash!)))
      .returning({ id: members.id });
    if (changed.length === 0) throw new Conflict("Your password was changed at the same time; sign in again and retry");
    const otherSessionsEnded = await endMemberSessions(tx, actor.memberId, { except: actor.sessionId });
    await revokeLinks(tx, actor.memberId);
    await recordChange(tx, {
      actor,
      action: "passwordChanged",
      target: { kind: "member", id: actor.memberId, name: member.email },
      changes: { otherSessions: { before: otherSessionsEnded, after: 0 } },
    });
    return { otherSessionsEnded };
  });
}
