import "server-only";
import { redirect, unstable_rethrow } from "next/navigation";
import { isDomainError, isUnstorableInput, Unauthenticated, UNSTORABLE_INPUT_MESSAGE } from "./errors";

/** What every server action answers: one discriminated union, never `any`, so a form handles both outcomes. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * Runs an action's body and maps domain errors to a result the form can show. A member who was
 * removed or whose role changed while the action ran is signed out, as requireActor would have
 * done a moment later: sent to the sign-in page. Unexpected errors become a generic message:
 * their text could carry internals, so it stays in the server log (by name only — an error
 * message might quote input).
 */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof Unauthenticated) redirect("/login");
    if (isDomainError(error)) {
      return { ok: false, error: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
    }
    if (isUnstorableInput(error)) return { ok: false, error: UNSTORABLE_INPUT_MESSAGE };
    console.error(`[action] failed: ${error instanceof Error ? error.name : "error"}`);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}
