import { isTagSelector, parseSpecifier, selectorFreeGlob } from "./specifier";
import type { Action, Policy, Statement } from "./types";

/**
 * What a check names: a resource (`proj/web`, `member/m1:token/ci`), with its tags when Tollgate
 * knows them. A resource given as a bare string has tags nobody knows.
 */
export type CheckedResource = string | { resource: string; tags: readonly string[] };

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

/**
 * The same matching as globMatches, with the pattern split at its stars once, for testing one
 * pattern against many values. The literal runs between stars are found leftmost, in order
 * (native `indexOf`): for patterns whose only wildcard is `*`, the leftmost placement of each run
 * is the one that leaves the most room for the rest, so no backtracking is needed.
 */
export function compileGlob(pattern: string): (value: string) => boolean {
  if (!pattern.includes("*")) return (value) => value === pattern;
  const runs = pattern.split("*");
  const head = runs[0] ?? "";
  const tail = runs[runs.length - 1] ?? "";
  const middle = runs.slice(1, -1).filter((run) => run !== "");
  const shortest = middle.reduce((sum, run) => sum + run.length, head.length + tail.length);
  return (value) => {
    if (value.length < shortest || !value.startsWith(head) || !value.endsWith(tail)) return false;
    const end = value.length - tail.length;
    let at = head.length;
    for (const run of middle) {
      const found = value.indexOf(run, at);
      if (found === -1 || found + run.length > end) return false;
      at = found + run.length;
    }
    return true;
  };
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

function listMatches(list: { patterns: string[]; negated: boolean }, hit: (pattern: string) => boolean): boolean {
  const matched = list.patterns.some(hit);
  return list.negated ? !matched : matched;
}

const lower = (text: string) => text.toLowerCase();

/** Every tag selector names a tag the resource has (tags compare case-insensitively, as globs). */
function hasTags(selectors: string[], tags: readonly string[]): boolean {
  return selectors.every((selector) => tags.some((tag) => globMatches(lower(selector), lower(tag))));
}

/**
 * Whether a resource pattern covers the checked resource. A pattern without `;` is a glob over the
 * whole resource, as it always was. One with selectors matches exactly only when they are tags of
 * the resource acted on and its tags are known; otherwise the selectors cannot be decided, and the
 * pattern counts as matching only where that narrows what the statement grants (`undecidedHit`):
 * a selector can make a deny cover more, never an allow.
 */
function resourceHit(pattern: string, checked: CheckedResource, undecidedHit: boolean): boolean {
  const value = typeof checked === "string" ? checked : checked.resource;
  if (!pattern.includes(";")) return globMatches(pattern, value);
  const segments = parseSpecifier(pattern);
  const glob = selectorFreeGlob(segments);
  const last = segments[segments.length - 1];
  const decidable =
    typeof checked !== "string" &&
    segments.slice(0, -1).every((s) => s.selectors === null) &&
    last?.selectors?.every(isTagSelector) === true;
  if (decidable) return globMatches(glob, value) && hasTags(last.selectors ?? [], checked.tags);
  // Also the pattern read literally, as it was before selectors meant anything: no deny stored
  // then covers less now.
  return undecidedHit && (globMatches(glob, value) || globMatches(pattern, value));
}

export function statementMatches(s: Statement, action: Action, resource: CheckedResource): boolean {
  const actions = pickList(s.actions, s.notActions, "actions/notActions");
  const resources = pickList(s.resources, s.notResources, "resources/notResources");
  if (!listMatches(actions, (pattern) => globMatches(pattern, action))) return false;
  // An undecidable pattern in a notResources list excludes, so the statement applies less.
  const undecidedHit = (s.effect === "deny") !== resources.negated;
  return listMatches(resources, (pattern) => resourceHit(pattern, resource, undecidedHit));
}

export type Evaluation = {
  allowed: boolean;
  reason: "allowed" | "denied-by-statement" | "no-matching-allow";
  /** The deciding statement: the first matching deny, or else the first matching allow. */
  statementIndex?: number;
};

export function evaluate(policy: Policy, action: Action, resource: CheckedResource): Evaluation {
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

export function isAllowed(policy: Policy, action: Action, resource: CheckedResource): boolean {
  return evaluate(policy, action, resource).allowed;
}

/**
 * A personal token acts with the intersection of its own policy and its owner's current
 * policy, so demoting a member immediately narrows their tokens. An empty list denies:
 * `[].every` would otherwise turn "no policies supplied" into "everything allowed".
 */
export function isAllowedByAll(policies: Policy[], action: Action, resource: CheckedResource): boolean {
  return policies.length > 0 && policies.every((policy) => isAllowed(policy, action, resource));
}
