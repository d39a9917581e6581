"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action-result";
import { requireActor } from "@/lib/auth/require-actor";
import { endOtherOwnSessions, endOwnSession } from "@/lib/auth";
import { parseForm } from "@/lib/forms";
import { changeOwnPassword } from "@/lib/passwords";
import { changePasswordForm, endSessionForm } from "./input";

// Thin doors: who is calling → parse → one domain call → revalidate. A member only ever acts on
// their own password and sessions here: the domain takes them from the actor, never from input.

const PAGE = "/settings/profile";

export async function changePasswordAction(input: unknown): Promise<ActionResult<{ otherSessionsEnded: number }>> {
  const actor = await requireActor();
  return runAction(async () => {
    const result = await changeOwnPassword(actor, parseForm(changePasswordForm, input));
    revalidatePath(PAGE);
    return result;
  });
}

export async function endSessionAction(input: unknown): Promise<ActionResult<{ current: boolean }>> {
  const actor = await requireActor();
  return runAction(async () => {
    const { sessionId } = parseForm(endSessionForm, input);
    await endOwnSession(actor, sessionId);
    revalidatePath(PAGE);
    return { current: sessionId === actor.sessionId };
  });
}

export async function endOtherSessionsAction(): Promise<ActionResult<{ ended: number }>> {
  const actor = await requireActor();
  return runAction(async () => {
    const ended = await endOtherOwnSessions(actor);
    revalidatePath(PAGE);
    return { ended };
  });
}
