// Input rules for projects. Doors parse their own wire formats first; the domain checks again
// here because it is the one place every door goes through.
import { z } from "zod";
import { parseInput } from "../forms";
import { pageFields } from "../paging";
import { checkedText, guardedKey, nameText } from "../text";
import type { CreateProjectInput, ListProjectsQuery, UpdateProjectInput } from "./types";

export const PROJECT_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const PROJECT_NAME_MAX_LENGTH = 100;
export const MAX_PROJECT_TAGS = 50;
export const PROJECT_TAG_MAX_LENGTH = 64;
const TAG_PATTERN = /^[\w .:-]+$/;
export const DEFAULT_PROJECT_LIST_LIMIT = 20;

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

export function parseCreateProjectInput(input: CreateProjectInput): Required<CreateProjectInput> {
  return parseInput(
    z.object({ key: projectKeySchema, name: projectNameSchema, tags: tagsSchema.default([]) }),
    input,
  );
}

export function parseUpdateProjectInput(input: UpdateProjectInput): UpdateProjectInput {
  const data = parseInput(z.object({ name: projectNameSchema.optional(), tags: tagsSchema.optional() }),
    input,
  );
  const result: UpdateProjectInput = {};
  if (data.name !== undefined) result.name = data.name;
  if (data.tags !== undefined) result.tags = data.tags;
  return result;
}

/** A key from a URL or a form: anything that is not a possible key cannot name a project. */
export function isProjectKey(key: unknown): key is string {
  return typeof key === "string" && PROJECT_KEY_PATTERN.test(key);
}

export function parseListProjectsQuery(query: ListProjectsQuery): { limit: number; offset: number } {
  return parseInput(
    z.object(pageFields(DEFAULT_PROJECT_LIST_LIMIT)), query);
}
