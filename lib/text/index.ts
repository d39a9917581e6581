// The one rule for text people type into fields that others see and change history keeps:
// names, descriptions, keys, tags, email addresses, policy entries. Every validator builds on it.
import { z } from "zod";
import { containsTokenSecret } from "../secrets";
import { CONTROL_MESSAGE, INVISIBLE_MESSAGE, characterProblem } from "./characters";

export { CONTROL_MESSAGE, INVISIBLE_MESSAGE, characterProblem, looksLikeToken, type CharacterProblem } from "./characters";

/**
 * A secret pasted into the wrong field is a common slip, and such a field is shown to everyone
 * and kept in change history for good. The message says what happened without repeating it.
 */
export const SECRET_MESSAGE = (label: string) =>
  `${label} contains an access token: a secret was pasted where it does not belong. Remove it, and reset that token if anyone else may have seen it`;

export interface TextRule {
  /** The subject of the messages: "A name", "The first name". */
  label: string;
  /** Line breaks and tabs allowed (descriptions). */
  multiline?: boolean;
}

/** What is wrong with the text, as a message, or null when nothing is. A secret is named first. */
export function textProblem(text: string, rule: TextRule): string | null {
  if (containsTokenSecret(text)) return SECRET_MESSAGE(rule.label);
  const problem = characterProblem(text, rule);
  if (problem === "control") return CONTROL_MESSAGE(rule.label);
  if (problem === "invisible") return INVISIBLE_MESSAGE(rule.label);
  return null;
}

/**
 * The rule as a zod step: the text is NFC-normalised (so the two spellings of "é" are one name)
 * and refused with the rule's message. Goes after the schema's own trim and length checks.
 */
export function checkedText<S extends z.ZodType<string>>(schema: S, rule: TextRule) {
  return schema.transform((text, ctx) => {
    const normalized = text.normalize("NFC");
    const problem = textProblem(normalized, rule);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
    return normalized;
  });
}

/** A required, trimmed name of at most `max` characters, under the text rule (tokens, roles, projects). */
export function nameText(max: number) {
  return checkedText(
    z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(max, `A name can be at most ${max} characters`),
    { label: "A name" },
  );
}

/** An optional, trimmed description of at most `max` characters; it may span lines. */
export function descriptionText(max: number) {
  return checkedText(
    z.string({ error: "A description must be text" }).trim().max(max, `A description can be at most ${max} characters`),
    { label: "A description", multiline: true },
  );
}

/**
 * The start of an identifier's schema (role and project keys), before its own pattern: a pasted
 * secret or a hidden character gets its own message rather than the pattern's. Keys are never
 * changed, so nothing is normalised here.
 */
export function guardedKey(rule: TextRule, params: { error: string }) {
  return z
    .string(params)
    .refine((text) => !containsTokenSecret(text), { message: SECRET_MESSAGE(rule.label), abort: true })
    .refine((text) => characterProblem(text) !== "invisible", { message: INVISIBLE_MESSAGE(rule.label), abort: true });
}

/**
 * The first action or resource of a validated policy that contains a secret, as a message
 * naming where (never what), or null. Policies are stored and recorded in change history too.
 */
export function secretInPolicy(policy: readonly Record<string, unknown>[]): string | null {
  for (const [index, statement] of policy.entries()) {
    for (const [field, list] of Object.entries(statement)) {
      if (!Array.isArray(list)) continue;
      const at = list.findIndex((entry) => typeof entry === "string" && containsTokenSecret(entry));
      if (at !== -1) return SECRET_MESSAGE(`Entry ${at + 1} of "${field}" in statement ${index + 1}`);
    }
  }
  return null;
}
