// Input rules for projects. Doors parse their own wire formats first; the domain checks again
// here because it is the one place every door goes through.
import { z } from "zod";
import { parseInput } from "../forms";
import { pageFields } from "../paging";
import { checkedText, descriptionText, guardedKey, nameText } from "../text";
import type {
  ClientSideAvailability,
  CreateEnvironmentInput,
  CreateProjectInput,
  FlagDefaults,
  ListProjectsQuery,
  UpdateProjectInput,
} from "./types";

export const PROJECT_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const PROJECT_NAME_MAX_LENGTH = 100;
const MAX_PROJECT_KEYS_FILTER = 100;
export const MAX_PROJECT_TAGS = 50;
export const PROJECT_TAG_MAX_LENGTH = 64;
const TAG_PATTERN = /^[\w .:-]+$/;
export const DEFAULT_PROJECT_LIST_LIMIT = 20;
export const ENVIRONMENT_NAME_MAX_LENGTH = 100;
export const MAX_PROJECT_ENVIRONMENTS = 20;
/** LaunchDarkly's PHP SDK cache time, in minutes: stored only; bounded to a day. */
export const MAX_DEFAULT_TTL_MINUTES = 1440;
export const FLAG_DEFAULT_DESCRIPTION_MAX_LENGTH = 1000;
export const PROJECT_COMMENT_MAX_LENGTH = 1000;

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

// Duplicates are dropped and the rest sorted (as LaunchDarkly stores tags) before the count is
// checked, so sending the same tag twice is harmless rather than an error. Tags are ASCII, so
// code-unit order is byte order.
const tagsSchema = z
  .array(tagSchema, { error: "Tags must be a list of text" })
  .max(MAX_PROJECT_TAGS * 4, `A project can have at most ${MAX_PROJECT_TAGS} tags`)
  .transform((tags) => [...new Set(tags)].sort())
  .refine((tags) => tags.length <= MAX_PROJECT_TAGS, `A project can have at most ${MAX_PROJECT_TAGS} tags`);

const availabilitySchema = z.object(
  {
    usingEnvironmentId: z.boolean({ error: "usingEnvironmentId must be true or false" }),
    usingMobileKey: z.boolean({ error: "usingMobileKey must be true or false" }),
  },
  { error: "defaultClientSideAvailability must be {usingEnvironmentId, usingMobileKey}" },
);

/** What a new project's flags get when its creator says nothing. */
export const DEFAULT_CLIENT_SIDE_AVAILABILITY: ClientSideAvailability = { usingEnvironmentId: false, usingMobileKey: true };

const environmentSchema = z.object({
  key: projectKeySchema,
  name: nameText(ENVIRONMENT_NAME_MAX_LENGTH),
  color: z.string({ error: "A color must be text" }).regex(/^[0-9A-Fa-f]{6}$/, "A color is six hexadecimal digits, such as 417505"),
  defaultTtl: z.number().int("defaultTtl must be a whole number of minutes").min(0).max(MAX_DEFAULT_TTL_MINUTES).default(0),
  secureMode: z.boolean().default(false),
  defaultTrackEvents: z.boolean().default(false),
  confirmChanges: z.boolean().default(false),
  requireComments: z.boolean().default(false),
  critical: z.boolean().default(false),
  tags: tagsSchema.default([]),
});

const environmentsSchema = z
  .array(environmentSchema, { error: "environments must be a list" })
  .min(1, "A project needs at least one environment")
  .max(MAX_PROJECT_ENVIRONMENTS, `A project can have at most ${MAX_PROJECT_ENVIRONMENTS} environments`)
  .refine((list) => new Set(list.map((e) => e.key)).size === list.length, "Two environments cannot share a key");

export type ValidEnvironment = Required<CreateEnvironmentInput>;

export interface ValidCreateProject {
  key: string;
  name: string;
  tags: string[];
  defaultClientSideAvailability: ClientSideAvailability;
  /** Null: the default environments. */
  environments: ValidEnvironment[] | null;
}

/**
 * `includeInSnippetByDefault` is LaunchDarkly's older name for `usingEnvironmentId`: one setting.
 * When both are sent, the object wins.
 */
function availabilityOf(
  current: ClientSideAvailability,
  includeInSnippetByDefault: boolean | undefined,
  availability: ClientSideAvailability | undefined,
): ClientSideAvailability {
  if (availability) return availability;
  if (includeInSnippetByDefault !== undefined) return { ...current, usingEnvironmentId: includeInSnippetByDefault };
  return current;
}

export function parseCreateProjectInput(input: CreateProjectInput): ValidCreateProject {
  const data = parseInput(
    z.object({
      key: projectKeySchema,
      name: projectNameSchema,
      tags: tagsSchema.default([]),
      includeInSnippetByDefault: z.boolean({ error: "includeInSnippetByDefault must be true or false" }).optional(),
      defaultClientSideAvailability: availabilitySchema.optional(),
      environments: environmentsSchema.optional(),
    }),
    input,
  );
  return {
    key: data.key,
    name: data.name,
    tags: data.tags,
    defaultClientSideAvailability: availabilityOf(DEFAULT_CLIENT_SIDE_AVAILABILITY, data.includeInSnippetByDefault, data.defaultClientSideAvailability),
    environments: data.environments ?? null,
  };
}

export interface ValidUpdateProject {
  name?: string;
  tags?: string[];
  defaultClientSideAvailability?: ClientSideAvailability;
  comment?: string;
}

export function parseUpdateProjectInput(input: UpdateProjectInput, current: ClientSideAvailability): ValidUpdateProject {
  const data = parseInput(
    z.object({
      name: projectNameSchema.optional(),
      tags: tagsSchema.optional(),
      includeInSnippetByDefault: z.boolean({ error: "includeInSnippetByDefault must be true or false" }).optional(),
      defaultClientSideAvailability: availabilitySchema.optional(),
      comment: z.string().max(PROJECT_COMMENT_MAX_LENGTH).optional(),
    }),
    input,
  );
  const result: ValidUpdateProject = {};
  if (data.name !== undefined) result.name = data.name;
  if (data.tags !== undefined) result.tags = data.tags;
  if (data.includeInSnippetByDefault !== undefined || data.defaultClientSideAvailability !== undefined) {
    result.defaultClientSideAvailability = availabilityOf(current, data.includeInSnippetByDefault, data.defaultClientSideAvailability);
  }
  if (data.comment !== undefined) result.comment = data.comment;
  return result;
}

const booleanDefaultsSchema = z.object({
  trueDisplayName: descriptionText(PROJECT_NAME_MAX_LENGTH),
  falseDisplayName: descriptionText(PROJECT_NAME_MAX_LENGTH),
  trueDescription: descriptionText(FLAG_DEFAULT_DESCRIPTION_MAX_LENGTH),
  falseDescription: descriptionText(FLAG_DEFAULT_DESCRIPTION_MAX_LENGTH),
  onVariation: z.number().int().min(0).max(1, "onVariation is 0 or 1 (a boolean flag has two variations)"),
  offVariation: z.number().int().min(0).max(1, "offVariation is 0 or 1 (a boolean flag has two variations)"),
});

/** LaunchDarkly's UpsertFlagDefaultsPayload: every field required. */
/** A project's whole flag defaults, as a replacing write gives them (also the API's documented body). */
export const flagDefaultsInput = z
  .object({
    tags: tagsSchema,
    temporary: z.boolean({ error: "temporary must be true or false" }),
    booleanDefaults: booleanDefaultsSchema,
    defaultClientSideAvailability: availabilitySchema,
  })
  .strict();

export function parseFlagDefaults(input: unknown): FlagDefaults {
  return parseInput(flagDefaultsInput, input);
}

/** A key from a URL or a form: anything that is not a possible key cannot name a project. */
export function isProjectKey(key: unknown): key is string {
  return typeof key === "string" && PROJECT_KEY_PATTERN.test(key);
}

const SORT_FIELDS = ["name", "createdOn", "key"] as const;

export interface ValidListProjectsQuery {
  limit: number | null;
  offset: number;
  filter: { query?: string; tags?: string[]; keys?: string[] };
  sort: { field: (typeof SORT_FIELDS)[number]; descending: boolean }[];
}

export function parseListProjectsQuery(query: ListProjectsQuery): ValidListProjectsQuery {
  const data = parseInput(
    z.object({
      ...pageFields(DEFAULT_PROJECT_LIST_LIMIT),
      unpaged: z.boolean().default(false),
      filter: z
        .object({
          query: z.string().max(PROJECT_NAME_MAX_LENGTH, "filter query: at most 100 characters").optional(),
          tags: z.array(z.string().max(PROJECT_TAG_MAX_LENGTH)).max(MAX_PROJECT_TAGS, `filter tags: at most ${MAX_PROJECT_TAGS}`).optional(),
          keys: z.array(z.string().max(64)).max(MAX_PROJECT_KEYS_FILTER, `filter keys: at most ${MAX_PROJECT_KEYS_FILTER}`).optional(),
        })
        .default({}),
      sort: z
        .array(z.string().regex(/^-?(name|createdOn|key)$/, `sort by ${SORT_FIELDS.join(", ")}, each optionally with a leading "-"`))
        .max(SORT_FIELDS.length)
        .default([]),
    }),
    query,
  );
  return {
    limit: data.unpaged ? null : data.limit,
    offset: data.unpaged ? 0 : data.offset,
    filter: data.filter,
    sort: data.sort.map((s) => ({ field: s.replace(/^-/, "") as (typeof SORT_FIELDS)[number], descending: s.startsWith("-") })),
  };
}
