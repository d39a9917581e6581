// Input rules for members. Doors parse their own wire formats first; the domain checks again here
// because it is the one place every door goes through (a typed value is not a trusted one).
import { z } from "zod";
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

export interface ValidListMembersQuery {
  search: string;
  includeRemoved: boolean;
  limit: number;
  offset: number;
}

export function parseListMembersQuery(query: ListMembersQuery): ValidListMembersQuery {
  return parseInput(
    z.object({
      search: z
        .string()
        // A search is free text from a URL: invisible control characters (NUL above all, which
        // PostgreSQL refuses in text) can only be noise, so they are dropped rather than refused.
        .transform((text) => text.replace(/[\u0000-\u001f\u007f]/g, "").trim())
        .pipe(z.string().max(EMAIL_MAX_LENGTH, `Search for at most ${EMAIL_MAX_LENGTH} characters`))
        .default(""),
      includeRemoved: z.boolean().default(false),
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
}

export function parseInvite(input: InviteMemberInput): ValidInvite {
  return parseInput(
    z.object({
      email: emailSchema,
      firstName: personNameSchema("first name").default(""),
      lastName: personNameSchema("last name").default(""),
      role: builtInRoleSchema,
    }),
    input,
  );
}
