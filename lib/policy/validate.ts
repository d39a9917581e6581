import { characterProblem, INVISIBLE_MESSAGE, looksLikeToken } from "../text/characters";
import { compileGlob } from "./match";
import { MAX_POLICY_JSON_BYTES, POLICY_JSON_TOO_LARGE, policyJsonTooLarge, readPolicyJson } from "./json-error";
import { jsonLongerThan } from "./size";
import { parseSpecifier } from "./specifier";
import { closestMatch } from "./suggest";
import type { Effect, Policy, Statement } from "./types";
import { isPolicyAction, NESTED_KINDS, POLICY_ACTIONS, TOP_LEVEL_KINDS } from "./vocabulary";

export type PolicyError = { statement: number | null; field: string | null; message: string };
export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

export const MAX_STATEMENTS = 50;
export const MAX_LIST_ENTRIES = 100;
export const MAX_ENTRY_LENGTH = 256;
export { MAX_POLICY_JSON_BYTES };
/** Actions and resources of all statements together, for a policy that is being saved. */
export const MAX_POLICY_ENTRIES = 1000;
/**
 * Validation stops at this many problems. Each problem costs more than a valid entry (a spelling
 * suggestion, a message), and nobody reads the hundredth: the cap keeps the cost of a bad policy
 * as bounded as that of a good one.
 */
export const MAX_POLICY_ERRORS = 20;

const KNOWN_FIELDS = ["effect", "actions", "notActions", "resources", "notResources"];

/**
 * Saving checks a resource's scoped kinds and selectors too; reading a stored policy checks only
 * what earlier versions checked when it was saved (a known kind first), so none stops parsing.
 */
type Strictness = { saving: boolean };

// A message may be given as a function: one with a spelling suggestion costs an edit distance
// per candidate, and is only worked out while fewer than MAX_POLICY_ERRORS have been reported.
type Report = (field: string | null, message: string | (() => string)) => void;

function failure(message: string): PolicyParseResult {
  return { ok: false, errors: [{ statement: null, field: null, message }] };
}

/**
 * Text from the policy, quoted for a message: short, free of user-controlled line breaks, and
 * never a secret (messages are shown and may be logged): what looks like a token is not repeated.
 */
function quote(text: string): string {
  if (looksLikeToken(text)) return "(a value that looks like an access token, which does not belong in a policy)";
  const quoted = JSON.stringify(text);
  return quoted.length > 40 ? `${quoted.slice(0, 37)}..."` : quoted;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return quote(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function didYouMean(input: string, candidates: readonly string[]): string {
  const suggestion = closestMatch(input, candidates);
  return suggestion === null ? "" : `; did you mean "${suggestion}"?`;
}

/** Whether an action pattern matches some known action (the pattern compiled once for all of them). */
function matchesSomeAction(pattern: string): boolean {
  return POLICY_ACTIONS.some(compileGlob(pattern));
}

function checkAction(entry: string, label: string, report: Report, field: string) {
  if (!entry.includes("*")) {
    if (!isPolicyAction(entry)) {
      report(field, () => `Unknown action ${quote(entry)} in ${label}${didYouMean(entry, POLICY_ACTIONS)}`);
    }
  } else if (!matchesSomeAction(entry)) {
    // Almost certainly a typo, and one that would otherwise silently grant or deny nothing.
    report(field, `Action pattern ${quote(entry)} in ${label} matches no known action`);
  }
}

const TOP_LEVEL: readonly string[] = TOP_LEVEL_KINDS;
const NESTED: readonly string[] = NESTED_KINDS;

function kindHint(kind: string): string {
  if (TOP_LEVEL.includes(kind)) return "";
  if (NESTED.includes(kind)) return `; "${kind}" is scoped within another kind, as in proj/*:env/*:flag/* or member/*:token/*`;
  return didYouMean(kind, TOP_LEVEL);
}

function resourceProblem(entry: string, label: string, strictness: Strictness): string | (() => string) | null {
  if (entry === "*") return null;
  const [first, ...scoped] = parseSpecifier(entry);
  if (first === undefined) return null;
  const needsName = first.kind !== "acct";
  if (!TOP_LEVEL.includes(first.kind) || (first.name !== null) !== needsName) {
    return () =>
      `Unknown resource ${quote(entry)} in ${label}; a resource must be "*", "acct" or start with a kind such as ` +
      `proj/, member/, role/ or service-token/${kindHint(first.kind)}`;
  }
  if (!strictness.saving) return null;
  for (const segment of scoped) {
    if (!NESTED.includes(segment.kind) || segment.name === null) {
      return () => `Unknown resource kind ${quote(segment.kind)} in ${quote(entry)} in ${label}${didYouMean(segment.kind, NESTED)}`;
    }
  }
  if ([first, ...scoped].some((segment) => segment.selectors?.some((selector) => selector === ""))) {
    return `Resource ${quote(entry)} in ${label} has an empty tag after ";"`;
  }
  return null;
}

function checkEntry(entry: string, kind: "action" | "resource", label: string, report: Report, field: string, strictness: Strictness) {
  if (kind === "action") return checkAction(entry, label, report, field);
  const problem = resourceProblem(entry, label, strictness);
  if (problem !== null) report(field, problem);
}

function checkList(value: unknown, field: string, kind: "action" | "resource", label: string, report: Report, strictness: Strictness) {
  const where = `"${field}" in ${label}`;
  if (!Array.isArray(value)) return report(field, `${where} must be an array of strings, not ${describe(value)}`);
  if (value.length === 0) return report(field, `${where} must not be empty`);
  if (value.length > MAX_LIST_ENTRIES) {
    return report(field, `${where} has ${value.length} entries; at most ${MAX_LIST_ENTRIES} are allowed`);
  }
  for (let j = 0; j < value.length; j++) {
    const entry: unknown = value[j];
    const which = `Entry ${j + 1} of ${where}`;
    if (typeof entry !== "string") report(field, `${which} must be a string, not ${describe(entry)}`);
    else if (entry === "") report(field, `${which} is an empty string`);
    else if (entry.length > MAX_ENTRY_LENGTH) {
      report(field, `${which} is ${entry.length} characters long; at most ${MAX_ENTRY_LENGTH} are allowed`);
    } else {
      const problem = characterProblem(entry);
      if (problem === "control") report(field, `${which} contains a control character`);
      else if (problem === "invisible") report(field, INVISIBLE_MESSAGE(which));
      else checkEntry(entry, kind, label, report, field, strictness);
    }
  }
}

// Returns the chosen key of an exclusive pair, reporting both/neither against the positive key.
function pickOne(raw: Record<string, unknown>, key: string, notKey: string, label: string, report: Report) {
  const hasKey = Object.hasOwn(raw, key);
  const hasNotKey = Object.hasOwn(raw, notKey);
  if (hasKey && hasNotKey) report(key, `${capitalise(label)} has both "${key}" and "${notKey}"; use only one`);
  else if (!hasKey && !hasNotKey) report(key, `${capitalise(label)} needs either "${key}" or "${notKey}"`);
  else return hasKey ? key : notKey;
  return null;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function parseStatement(raw: unknown, label: string, reportError: Report, strictness: Strictness): Statement | null {
  let failed = false;
  const report: Report = (field, message) => {
    failed = true;
    reportError(field, message);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    const expected = `an object with "effect", "actions" and "resources"`;
    report(null, `${capitalise(label)} must be ${expected}, not ${describe(raw)}`);
    return null;
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_FIELDS.includes(key)) {
      report(looksLikeToken(key) ? null : key, () => `Unknown field ${quote(key)} in ${label}${didYouMean(key, KNOWN_FIELDS)}`);
    }
  }
  const effect = record.effect;
  if (!Object.hasOwn(record, "effect")) {
    report("effect", `${capitalise(label)} is missing "effect" ("allow" or "deny")`);
  } else if (effect !== "allow" && effect !== "deny") {
    report("effect", `"effect" in ${label} must be "allow" or "deny", not ${describe(effect)}`);
  }
  const actionKey = pickOne(record, "actions", "notActions", label, report);
  if (actionKey !== null) checkList(record[actionKey], actionKey, "action", label, report, strictness);
  const resourceKey = pickOne(record, "resources", "notResources", label, report);
  if (resourceKey !== null) checkList(record[resourceKey], resourceKey, "resource", label, report, strictness);
  if (failed || actionKey === null || resourceKey === null) return null;
  // Rebuilt from known keys only, so nothing unexpected (e.g. "__proto__") rides along.
  const actions = [...(record[actionKey] as string[])];
  const resources = [...(record[resourceKey] as string[])];
  return {
    effect: effect as Effect,
    ...(actionKey === "actions" ? { actions } : { notActions: actions }),
    ...(resourceKey === "resources" ? { resources } : { notResources: resources }),
  };
}

/**
 * A policy as stored, or anything that has to be read as a policy. `saving` also checks what a
 * policy being saved must get right (parsePolicyInput sets it).
 */
export function parsePolicy(input: unknown, strictness: Strictness = { saving: false }): PolicyParseResult {
  if (!Array.isArray(input)) return failure(`A policy must be an array of statements, not ${describe(input)}`);
  if (input.length === 0) return failure("A policy must contain at least one statement");
  if (input.length > MAX_STATEMENTS) {
    return failure(`A policy may contain at most ${MAX_STATEMENTS} statements; this one has ${input.length}`);
  }
  const errors: PolicyError[] = [];
  const policy: Policy = [];
  // An index loop, not forEach, so holes in a sparse array are reported rather than skipped.
  for (let index = 0; index < input.length && errors.length < MAX_POLICY_ERRORS; index++) {
    const report: Report = (field, message) => {
      if (errors.length < MAX_POLICY_ERRORS) errors.push({ statement: index, field, message: typeof message === "function" ? message() : message });
    };
    const statement = parseStatement(input[index], `statement ${index + 1}`, report, strictness);
    if (statement !== null) policy.push(statement);
  }
  if (errors.length >= MAX_POLICY_ERRORS) {
    errors.push({ statement: null, field: null, message: `Checking stopped after ${MAX_POLICY_ERRORS} problems` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy };
}

const LIST_FIELDS = ["actions", "notActions", "resources", "notResources"];

/** Actions and resources listed in all statements (what is not a list counts for nothing). */
function countEntries(input: unknown[]): number {
  let entries = 0;
  for (const statement of input) {
    if (typeof statement !== "object" || statement === null) continue;
    for (const field of LIST_FIELDS) {
      const list: unknown = (statement as Record<string, unknown>)[field];
      if (Array.isArray(list)) entries += list.length;
    }
  }
  return entries;
}

/**
 * A policy someone is saving: first bounded in size — about 64 KB as JSON and 1000 actions and
 * resources in all, checked in time proportional to the bound, not to the input — and then
 * validated, so no request can make the validator work longer than a policy of that size takes.
 * (Stored policies are read with parsePolicy: one saved under older bounds still parses.)
 */
export function parsePolicyInput(input: unknown): PolicyParseResult {
  if (jsonLongerThan(input, MAX_POLICY_JSON_BYTES)) {
    return failure(`A policy can be at most ${MAX_POLICY_JSON_BYTES / 1024} KB as JSON; this one is larger`);
  }
  const entries = Array.isArray(input) ? countEntries(input) : 0;
  if (entries > MAX_POLICY_ENTRIES) {
    return failure(`A policy can list at most ${MAX_POLICY_ENTRIES} actions and resources in all; this one lists ${entries}`);
  }
  return parsePolicy(input, { saving: true });
}

export function parsePolicyJson(text: string): PolicyParseResult {
  if (policyJsonTooLarge(text)) return failure(POLICY_JSON_TOO_LARGE);
  const read = readPolicyJson(text);
  return read.ok ? parsePolicyInput(read.value) : failure(read.message);
}
