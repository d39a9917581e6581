import type { APIResponse } from "@playwright/test";
import type { Outcome } from "../tests/helpers/authorization-matrix";

/** What a server action answers (lib/action-result.ts), as it travels in the RSC payload. */
export type ActionResultBody = { ok: true; data: Record<string, unknown> | null } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * The action's return value from a replayed call's RSC response: one row per line, `<id>:<json>`,
 * the result being the row that holds an `ok` flag. Null when there is none (e.g. a redirect).
 */
export async function actionResult(response: APIResponse): Promise<ActionResultBody | null> {
  for (const line of (await response.text()).split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith("{")) continue;
    try {
      const value = JSON.parse(json) as { ok?: unknown };
      if (typeof value.ok === "boolean") return value as ActionResultBody;
    } catch {
      // Not a JSON row (the payload also carries other chunk kinds).
    }
  }
  return null;
}

/** runAction's answer to anything that is not a domain error: the server action's "500". */
export const UNEXPECTED_ERROR = "Something went wrong. Please try again.";

/**
 * The matrix outcome of an action's answer. An action reports messages, not codes, so the kinds
 * are told apart by what only they carry: the domain's one NotFound message for tokens ("No such
 * token"), and field errors, which only invalid input has. Any other refusal is a Forbidden.
 */
export function outcomeOfAction(result: ActionResultBody | null): Outcome | "no result" | "unexpected error" {
  if (result === null) return "no result";
  if (result.ok) return "allowed";
  if (result.error === UNEXPECTED_ERROR) return "unexpected error";
  if (result.error === "No such token") return "not_found";
  if (result.fieldErrors && Object.keys(result.fieldErrors).length > 0) return "invalid";
  return "forbidden";
}
