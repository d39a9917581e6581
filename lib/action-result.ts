import "server-only";
import { redirect, unstable_rethrow } from "next/navigation";
import { classifyError, type ErrorClass } from "./errors";

/** What every server action answers: one discriminated union, never `any`, so a form handles both outcomes. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * How a form is told about each class of error, for classes that carry no message of their own.
 * An outage says so, so the member knows that trying again is the remedy; any other unexpected
 * error gets a generic message: its text could carry internals. (`unauthenticated` never gets
 * here: runAction signs the member out instead.)
 */
const CONSOLE_MESSAGES: Record<ErrorClass, string> = {
  invalid: "Please check the form",
  forbidden: "You are not allowed to do that",
  not_found: "Not found",
  conflict: "This conflicts with another change; please try again",
  limit: "A limit was reached",
  unauthenticated: "You are signed out",
  unavailable: "The database is unavailable; try again in a moment.",
  unexpected: "Something went wrong. Please try again.",
};

/**
 * Runs an action's body and maps what it threw to a result the form can show. A member who was
 * removed or whose role changed while the action ran is signed out, as requireActor would have
 * done a moment later: sent to the sign-in page. An unexpected error stays in the server log (by
 * name only — an error message might quote input).
 */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    unstable_rethrow(error);
    const { class: kind, message, fieldErrors } = classifyError(error);
    if (kind === "unauthenticated") redirect("/login");
    if (kind === "unexpected") console.error(`[action] failed: ${error instanceof Error ? error.name : "error"}`);
    return { ok: false, error: message ?? CONSOLE_MESSAGES[kind], ...(fieldErrors ? { fieldErrors } : {}) };
  }
}
