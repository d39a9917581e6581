import type { Action, Policy, Statement } from "./types";

/**
 * `*` matches any run of characters (including none, `/` and `:`); everything else is a
 * literal, case-sensitive character. Deliberately not a RegExp: patterns come from users,
 * and a greedy two-pointer matcher that only ever backtracks to the most recent star needs
 * no escaping and stays O(pattern × value) even for inputs like `a*a*a*a*b`.
 */
export function globMatches(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let lastStar = -1;
  let resumeAt = 0;
  while (v < value.length) {
    if (pattern[p] === "*") {
      lastStar = p++;
      resumeAt = v;
    } else if (p < pattern.length && pattern[p] === value[v]) {
      p++;
      v++;
    } else if (lastStar !== -1) {
      // Let the last star swallow one more character and retry everything after it.
      p = lastStar + 1;
      v = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

function pickList(
  positive: string[] | undefined,
  negative: string[] | undefined,
  names: string,
): { patterns: string[]; negated: boolean } {
  // A statement with both or neither (or an empty list) cannot come out of parsePolicy.
  // Throwing rather than guessing keeps a hand-built bad policy from quietly widening
  // access: `notActions: []`, for instance, would otherwise match every action.
  const hasPositive = positive !== undefined;
  if (hasPositive === (negative !== undefined)) {
    throw new Error(`Malformed policy statement: needs exactly one of ${names}`);
  }
  const patterns = (hasPositive ? positive : negative) ?? [];
  if (patterns.length === 0) throw new Error(`Malformed policy statement: empty ${names}`);
  return { patterns, negated: !hasPositive };
}

function listMatches(list: { patterns: string[]; negated: boolean }, value: string): boolean {
  const hit = list.patterns.some((pattern) => globMatches(pattern, value));
  return list.negated ? !hit : hit;
}

export function statementMatches(s: Statement, action: Action, resource: string): boolean {
  const actions = pickList(s.actions, s.notActions, "actions/notActions");
  const resources = pickList(s.resources, s.notResources, "resources/notResources");
  return listMatches(actions, action) && listMatches(resources, resource);
}

export type Evaluation = {
  allowed: boolean;
  reason: "allowed" | "denied-by-statement" | "no-matching-allow";
  /** The deciding statement: the first matching deny, or else the first matching allow. */
  statementIndex?: number;
};

export function evaluate(policy: Policy, action: Action, resource: string): Evaluation {
  let firstAllow: number | undefined;
  for (const [index, statement] of policy.entries()) {
    if (!statementMatches(statement, action, resource)) continue;
    if (statement.effect === "deny") {
      return { allowed: false, reason: "denied-by-statement", statementIndex: index };
    }
    firstAllow ??= index;
  }
  if (firstAllow === undefined) return { allowed: false, reason: "no-matching-allow" };
  return { allowed: true, reason: "allowed", statementIndex: firstAllow };
}

export function isAllowed(policy: Policy, action: Action, resource: string): boolean {
  return evaluate(policy, action, resource).allowed;
}

/**
 * A personal token acts with the intersection of its own policy and its owner's current
 * policy, so demoting a member immediately narrows their tokens. An empty list denies:
 * `[].every` would otherwise turn "no policies supplied" into "everything allowed".
 */
export function isAllowedByAll(policies: Policy[], action: Action, resource: string): boolean {
  return policies.length > 0 && policies.every((policy) => isAllowed(policy, action, resource));
}
