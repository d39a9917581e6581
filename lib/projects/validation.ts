// Input rules for projects. Doors parse their own wire formats first; the domain checks again
// here because it is the one place every door goes through.
import { z } from "zod";
import { invalidFromZod } from "../forms";
import { checkedText, guardedKey, nameText } from "../text";
import type { CreateProjectInput, ListProjectsQuery, UpdateProjectInput } from "./types";

export const PROJECT_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const PROJECT_NAME_MAX_LENGTH = 100;
export const MAX_PROJECT_TAGS = 50;
export const PROJECT_TAG_MAX_LENGTH = 64;
const TAG_PATTERN = /^[\w .:-]+$/;
export const DEFAULT_PROJECT_LIST_LIMIT = 20;
export const MAX_PROJECT_LIST_LIMIT = 1000;

// The key is spliced into the policy resource proj/<key>: the pattern keeps globs (`*`) and
// separators out of it, so a key can never widen what a statement matches. Not trimmed or
// lower-cased: a key is an identifier, and silently changing it would surprise API clients.
export const projectKeySchema = guardedKey({ label: "A key" }, { error: "Enter a key" })
  .min(1, "Enter a key")
  .max(64, "A key can be at most 64 characters")
  .regex(
    PROJECT_KEY_PATTERN,
    "A key starts with a lowercase letter or digit and contains only lowercase letters, digits, '.', '_' and '-'",
  );

// Names and tags end up in change history, which must never hold a secret (a pasted token is a
// slip): the shared text rule applies (no secret, nothing invisible, NFC), before a tag's pattern.
const projectNameSchema = nameText(PROJECT_NAME_MAX_LENGTH);

const tagSchema = checkedText(
  z
    .string({ error: "A tag must be text" })
    .trim()
    .min(1, "A tag cannot be empty")
    .max(PROJECT_TAG_MAX_LENGTH, `A tag can be at most ${PROJECT_TAG_MAX_LENGTH} characters`),
  { label: "A tag" },
).pipe(z.string().regex(TAG_PATTERN, "A tag may contain only letters, digits, spaces and '_', '.', ':', '-'"));

// Duplicates are dropped (first occurrence wins, order kept) before the count is checked, so
// sending the same tag twice is harmless rather than an error.
const tagsSchema = z
  .array(tagSchema, { error: "Tags must be a list of text" })
  .transform((tags) => [...new Set(tags)])
  .refine((tags) => tags.length <= MAX_PROJECT_TAGS, `A project can have at most ${MAX_PROJECT_TAGS} tags`);

function fail(error: z.ZodError): never {
  throw invalidFromZod(error);
}

export function parseCreateProjectInput(input: CreateProjectInput): Required<CreateProjectInput> {
  const parsed = z
    .object({ key: projectKeySchema, name: projectNameSchema, tags: tagsSchema.default([]) })
    .safeParse(input);
  if (!parsed.success) fail(parsed.error);
  return parsed.data;
}

export function parseUpdateProjectInput(input: UpdateProjectInput): UpdateProjectInput {
  const parsed = z.object({ name: projectNameSchema.optional(), tags: tagsSchema.optional() }).safeParse(input);
  if (!parsed.success) fail(parsed.error);
  const result: UpdateProjectInput = {};
  if (parsed.data.name !== undefined) result.name = parsed.data.name;
  if (parsed.data.tags !== undefined) result.tags = parsed.data.tags;
  return result;
}

/** A key from a URL or a form: anything that is not a possible key cannot name a project. */
export function isProjectKey(key: unknown): key is string {
  return typeof key === "string" && PROJECT_KEY_PATTERN.test(key);
}

export function parseListProjectsQuery(query: ListProjectsQuery): { limit: number; offset: number } {
  const parsed = z
    .object({
      // Out of range is refused rather than clamped, so a client asking for 5000 learns it got fewer.
      limit: z
        .number({ error: "limit must be a number" })
        .int("limit must be a whole number")
        .min(1, "limit must be at least 1")
        .max(MAX_PROJECT_LIST_LIMIT, `limit can be at most ${MAX_PROJECT_LIST_LIMIT}`)
        .default(DEFAULT_PROJECT_LIST_LIMIT),
      offset: z.number({ error: "offset must be a number" }).int("offset must be a whole number").min(0, "offset cannot be negative").default(0),
    })
    .safeParse(query);
  if (!parsed.success) fail(parsed.error);
  return parsed.data;
}
