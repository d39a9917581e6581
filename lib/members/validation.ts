// Input rules for members. Doors parse their own wire formats first; the domain checks again here
// because it is the one place every door goes through (a typed value is not a trusted one).
import { z } from "zod";
import { Invalid } from "../errors";
import { parseInput } from "../forms";
import { pageFields } from "../paging";
import { BUILT_IN_ROLES, type BuiltInRole } from "../policy";
import { checkedText } from "../text";
import type { InviteMemberInput, ListMembersQuery, UpdateMemberRolesInput } from "./types";

export const EMAIL_MAX_LENGTH = 320;
export const PERSON_NAME_MAX_LENGTH = 100;
export const DEFAULT_MEMBER_LIST_LIMIT = 25;
export const MAX_CUSTOM_ROLES_PER_MEMBER = 25;

// Names and addresses are shown in lists and history: the shared text rule applies (no secret,
// nothing invisible, NFC).
export const emailSchema = checkedText(
  z
    .string({ error: "Enter an email address" })
    .trim()
    .max(EMAIL_MAX_LENGTH, `An email address can be at most ${EMAIL_MAX_LENGTH} characters`),
  { label: "An email address" },
)
  .pipe(z.email("Enter a valid email address"))
  // Stored lower-case: sign-in and the unique index compare case-insensitively anyway, and one
  // spelling keeps lists sorted and searchable the way people expect.
  .transform((email) => email.toLowerCase());

const personNameSchema = (what: string) =>
  checkedText(
    z
      .string({ error: `The ${what} must be text` })
      .trim()
      .max(PERSON_NAME_MAX_LENGTH, `The ${what} can be at most ${PERSON_NAME_MAX_LENGTH} characters`),
    { label: `The ${what}` },
  );

export const builtInRoleSchema = z.enum(BUILT_IN_ROLES, { error: `Choose one of ${BUILT_IN_ROLES.join(", ")}` });

const customRoleIdsSchema = z
  .array(z.string().min(1, "Unknown custom role").max(64, "Unknown custom role"), {
    error: "Custom roles must be a list of role ids",
  })
  .max(MAX_CUSTOM_ROLES_PER_MEMBER, `A member can have at most ${MAX_CUSTOM_ROLES_PER_MEMBER} custom roles`)
  // Sorted and unique, so the same set always compares (and is recorded) the same way.
  .transform((ids) => [...new Set(ids)].sort());

/** The most values one filter of a member list may name (ids, emails, roles). */
export const MAX_FILTER_VALUES = 100;

// A search is free text from a URL: invisible control characters (NUL above all, which
// PostgreSQL refuses in text) can only be noise, so they are dropped rather than refused.
const filterText = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .transform((text) => text.replace(/[\u0000-\u001f\u007f]/g, "").trim())
    .pipe(z.string().max(EMAIL_MAX_LENGTH, `${what} can be at most ${EMAIL_MAX_LENGTH} characters`));

const filterValues = (what: string) =>
  z
    .array(filterText(what), { error: `${what} must be a list` })
    .min(1, `Name at least one ${what}`)
    .max(MAX_FILTER_VALUES, `Name at most ${MAX_FILTER_VALUES} of ${what}`);

const lastSeenSchema = z.union([
  z.object({ never: z.literal(true) }).strict(),
  z.object({ noData: z.literal(true) }).strict(),
  z.object({ before: z.date() }).strict(),
], { error: "lastSeen must be never, noData or before a moment" });

const sortSchema = z
  .array(z.object({ field: z.enum(["email", "displayName", "lastSeen"], { error: "Sort by displayName or lastSeen" }), descending: z.boolean() }))
  .max(3, "Sort by at most 3 fields");

export interface ValidListMembersQuery {
  search: string;
  includeRemoved: boolean;
  roles?: string[];
  ids?: string[];
  emails?: string[];
  lastSeen?: { never: true } | { noData: true } | { before: Date };
  team?: string;
  noTeam?: boolean;
  sort: { field: "email" | "displayName" | "lastSeen"; descending: boolean }[];
  limit: number;
  offset: number;
}

export function parseListMembersQuery(query: ListMembersQuery): ValidListMembersQuery {
  return parseInput(
    z.object({
      search: filterText("A search").default(""),
      includeRemoved: z.boolean().default(false),
      roles: filterValues("roles").optional(),
      ids: filterValues("member ids").optional(),
      emails: filterValues("email addresses").transform((emails) => emails.map((e) => e.toLowerCase())).optional(),
      lastSeen: lastSeenSchema.optional(),
      team: filterText("A team key").optional(),
      noTeam: z.boolean().optional(),
      sort: sortSchema.default([]),
      ...pageFields(DEFAULT_MEMBER_LIST_LIMIT),
    }),
    query,
  );
}

export interface ValidUpdateMemberRoles {
  role?: BuiltInRole;
  customRoleIds?: string[];
}

export function parseUpdateMemberRoles(input: UpdateMemberRolesInput): ValidUpdateMemberRoles {
  const data = parseInput(
    z.object({ role: builtInRoleSchema.optional(), customRoleIds: customRoleIdsSchema.optional() }),
    input,
  );
  const valid: ValidUpdateMemberRoles = {};
  if (data.role !== undefined) valid.role = data.role;
  if (data.customRoleIds !== undefined) valid.customRoleIds = data.customRoleIds;
  return valid;
}

export interface ValidInvite {
  email: string;
  firstName: string;
  lastName: string;
  role: BuiltInRole;
  /** Custom roles by key or id, as given (resolved to ids in the account by invite.ts). */
  customRoles: string[];
}

const ROLE_OR_CUSTOM_ROLES = "Give a role or custom roles";

/**
 * An invitation names a role, custom roles, or both. With custom roles alone the member's built-in
 * role is no_access, so that the custom roles alone decide what they may do.
 */
export function parseInvite(input: InviteMemberInput): ValidInvite {
  const data = parseInput(
    z.object({
      email: emailSchema,
      firstName: personNameSchema("first name").default(""),
      lastName: personNameSchema("last name").default(""),
      role: builtInRoleSchema.optional(),
      customRoles: customRoleIdsSchema.default([]),
    }),
    input,
  );
  if (data.role === undefined && data.customRoles.length === 0) throw new Invalid(ROLE_OR_CUSTOM_ROLES, { role: ROLE_OR_CUSTOM_ROLES });
  return { ...data, role: data.role ?? "no_access" };
}
