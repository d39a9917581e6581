import { TOKEN_ACTIONS, type Policy, type Statement } from "./types";

function isEveryTokenAction(patterns: string[]): boolean {
  return patterns.length === TOKEN_ACTIONS.length && TOKEN_ACTIONS.every((action) => patterns.includes(action));
}

function describeActions(s: Statement): string {
  if (s.actions !== undefined) {
    if (s.actions.includes("*")) return "every action";
    // The built-in "own tokens" statement lists all eight; naming them all buries the point.
    if (isEveryTokenAction(s.actions)) return "every access-token action";
    return s.actions.join(", ");
  }
  const excluded = s.notActions ?? [];
  if (excluded.includes("*")) return "no action";
  return `every action except ${isEveryTokenAction(excluded) ? "access-token actions" : excluded.join(", ")}`;
}

function describeResources(s: Statement): string {
  if (s.resources !== undefined) return s.resources.join(", ");
  const excluded = s.notResources ?? [];
  if (excluded.includes("*")) return "no resource";
  return `every resource except ${excluded.join(", ")}`;
}

/**
 * One line per statement, in order, so line N can be shown beside statement N in the editor.
 * Deny lines say nothing about precedence; the UI states once that any matching deny wins.
 */
export function summarizePolicy(policy: Policy): string[] {
  if (policy.length === 0) return ["Denies every action: the policy has no statements"];
  return policy.map(
    (s) => `${s.effect === "deny" ? "Denies" : "Allows"} ${describeActions(s)} on ${describeResources(s)}`,
  );
}
