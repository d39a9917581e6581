import { z } from "zod";
import { BUILT_IN_ROLES } from "../../policy";
import { API_VERSIONS } from "../../tokens";

/**
 * What the API answers, as zod schemas: the one description of every representation. The
 * representation functions (../representations.ts) return these types, so a field added there
 * without its schema is a type error; the OpenAPI document (document.ts) is generated from them,
 * and the end-to-end contract check validates every response the suite receives against it.
 * A field is required exactly when the representation always sends it.
 */

const id = z.string().meta({ description: "An opaque id" });
const epochMs = z.number().int().meta({ description: "Milliseconds since the Unix epoch" });
const role = z.enum(BUILT_IN_ROLES);

export const linkSchema = z.object({ href: z.string(), type: z.literal("application/json") }).meta({ id: "Link" });
const links = (...names: string[]) => z.object(Object.fromEntries(names.map((n) => [n, linkSchema]))) as z.ZodObject<Record<string, typeof linkSchema>>;
const selfLinks = z.object({ self: linkSchema });
const parentLinks = z.object({ parent: linkSchema });
const clientSideAvailabilitySchema = z.object({ usingEnvironmentId: z.boolean(), usingMobileKey: z.boolean() }).meta({ id: "ClientSideAvailability" });

export const statementSchema = z
  .object({
    effect: z.enum(["allow", "deny"]),
    actions: z.array(z.string()).optional(),
    notActions: z.array(z.string()).optional(),
    resources: z.array(z.string()).optional(),
    notResources: z.array(z.string()).optional(),
  })
  .meta({ id: "Statement", description: "One policy statement: actions or notActions, resources or notResources" });

export const tokenSchema = z
  .object({
    _id: id,
    ownerId: id.meta({ description: "The account's id" }),
    memberId: id,
    _member: z.object({ _links: selfLinks, _id: id, email: z.string(), firstName: z.string(), lastName: z.string(), role }),
    name: z.string(),
    description: z.string(),
    creationDate: epochMs,
    lastModified: epochMs,
    role: role.optional().meta({ description: "Present when the token has a built-in role" }),
    customRoleIds: z.array(id),
    inlineRole: z.array(statementSchema),
    serviceToken: z.boolean(),
    defaultApiVersion: z.union(API_VERSIONS.map((v) => z.literal(v))),
    token: z.string().meta({ description: "The whole secret in the response that creates, clones or resets the token; otherwise its last four characters" }),
    lastUsed: epochMs.optional(),
    expiresAt: epochMs.optional(),
    _links: z.object({ self: linkSchema, parent: linkSchema }),
  })
  .meta({ id: "AccessToken" });

export const memberSchema = z
  .object({
    _id: id,
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role,
    customRoles: z.array(id),
    _customRoleKeys: z.array(z.string()),
    _pendingInvite: z.boolean(),
    _verified: z.boolean().meta({ description: "Always false: Tollgate never verifies an address" }),
    mfa: z.enum(["enabled", "disabled"]).meta({ description: "Always disabled: Tollgate has no multi-factor authentication" }),
    _removed: z.boolean(),
    _lastSeen: epochMs.meta({ description: "The member's last console sign-in; 0 when never seen" }),
    creationDate: epochMs,
    _personalTokenCount: z.number().int(),
    _links: selfLinks,
    customRolesInfo: z
      .array(z.object({ _id: id, key: z.string(), name: z.string() }))
      .optional()
      .meta({ description: "With expand=customRoles: the member's custom roles" }),
    roleAttributes: z.record(z.string(), z.array(z.unknown())).optional().meta({ description: "With expand=roleAttributes: always empty" }),
  })
  .meta({ id: "Member" });

/** An invited member, in the one response that carries their set-password link. */
export const invitedMemberSchema = memberSchema
  .extend({
    _setPasswordUrl: z.string(),
    _setPasswordUrlExpiresAt: epochMs,
    _setPasswordEmailed: z.boolean(),
  })
  .meta({ id: "InvitedMember" });

export const roleSchema = z
  .object({
    _id: id,
    key: z.string(),
    name: z.string(),
    description: z.string(),
    policy: z.array(statementSchema),
    basePermissions: z.enum(["reader", "no_access"]),
    _memberCount: z.number().int(),
    _tokenCount: z.number().int(),
    creationDate: epochMs,
    lastModified: epochMs,
    _links: selfLinks,
  })
  .meta({ id: "CustomRole" });

export const projectSchema = z
  .object({
    _id: id,
    key: z.string(),
    name: z.string(),
    tags: z.array(z.string()),
    includeInSnippetByDefault: z.boolean(),
    defaultClientSideAvailability: clientSideAvailabilitySchema,
    creationDate: epochMs,
    lastModified: epochMs,
    _links: selfLinks,
  })
  .meta({ id: "Project" });

export const environmentSchema = z
  .object({
    _id: id,
    key: z.string(),
    name: z.string(),
    apiKey: z.string().meta({ description: "Always empty: Tollgate serves no SDKs" }),
    mobileKey: z.string().meta({ description: "Always empty: Tollgate serves no SDKs" }),
    color: z.string(),
    defaultTtl: z.number(),
    secureMode: z.boolean(),
    defaultTrackEvents: z.boolean(),
    requireComments: z.boolean(),
    confirmChanges: z.boolean(),
    tags: z.array(z.string()),
    critical: z.boolean(),
    _links: parentLinks,
  })
  .meta({ id: "Environment" });

const environmentPageSchema = z
  .object({ items: z.array(environmentSchema), totalCount: z.number().int(), _links: parentLinks })
  .meta({ id: "Environments" });

/** A project as a read answers it: with its environments when asked for (expand=environments). */
export const expandableProjectSchema = projectSchema
  .extend({ environments: environmentPageSchema.optional().meta({ description: "With expand=environments" }) })
  .meta({ id: "ProjectExpandable" });

/** A project as a create or an update answers it: with its environments as a list. */
export const projectWithEnvironmentsSchema = projectSchema.extend({ environments: z.array(environmentSchema) }).meta({ id: "ProjectWithEnvironments" });

export const flagDefaultsSchema = z
  .object({
    key: z.string().meta({ description: "The project's key" }),
    tags: z.array(z.string()),
    temporary: z.boolean(),
    booleanDefaults: z.object({
      trueDisplayName: z.string(),
      falseDisplayName: z.string(),
      trueDescription: z.string(),
      falseDescription: z.string(),
      onVariation: z.number().int(),
      offVariation: z.number().int(),
    }),
    defaultClientSideAvailability: clientSideAvailabilitySchema,
    _links: selfLinks,
  })
  .meta({ id: "FlagDefaults" });

const historyMemberSchema = z
  .object({
    _links: selfLinks,
    _id: id,
    email: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    role: z.string().optional(),
  })
  .meta({ id: "AuditLogMember" });

export const auditEntrySchema = z
  .object({
    _links: selfLinks,
    _id: id,
    _accountId: id,
    date: epochMs,
    accesses: z.array(z.object({ action: z.string(), resource: z.string() })).meta({ description: "Each policy action the change was made with, on each of the target's resources" }),
    kind: z.string(),
    name: z.string(),
    description: z.string(),
    shortDescription: z.string(),
    comment: z.string().optional().meta({ description: "What whoever made the change said about it" }),
    member: historyMemberSchema.optional().meta({ description: "The member who acted, or the owner of the personal token that did" }),
    token: z
      .object({ _id: id, name: z.string(), serviceToken: z.boolean().optional(), _creator: z.object({ _id: id, email: z.string() }).optional() })
      .optional()
      .meta({ description: "The token that acted, when one did" }),
    titleVerb: z.string(),
    title: z.string(),
    target: z.object({ kind: z.string(), _id: id, name: z.string(), resources: z.array(z.string()) }),
    action: z.string(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
    ip: z.string().optional(),
  })
  .meta({ id: "AuditLogEntry" });

/** A page of a list: its items, how many there are in all, and links to its pages. */
const pageLinksSchema = z
  .object({
    self: linkSchema,
    first: linkSchema.optional().meta({ description: "Absent when the list is answered whole (API versions before paging)" }),
    next: linkSchema.optional(),
    prev: linkSchema.optional(),
  })
  .meta({ id: "PageLinks" });
const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), totalCount: z.number().int(), _links: pageLinksSchema }).meta({ id: name });

export const tokenListSchema = page(tokenSchema, "AccessTokens");
export const memberListSchema = page(memberSchema, "Members");
export const projectListSchema = page(expandableProjectSchema, "Projects");
export const auditEntryListSchema = page(auditEntrySchema, "AuditLogEntries");
export const roleListSchema = page(roleSchema, "CustomRoles");
export const invitedMembersSchema = z.object({ items: z.array(invitedMemberSchema), totalCount: z.number().int(), _links: selfLinks }).meta({ id: "InvitedMembers" });

export const apiRootSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    apiVersion: z.number().int(),
    _links: links("self", "tokens", "members", "roles", "projects", "auditlog"),
  })
  .meta({ id: "ApiRoot" });

/** LaunchDarkly's error body. `id` names the request (its X-Request-Id when it has one). */
export const errorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    id: z.string().meta({ description: "The request's id, to quote when reporting a problem" }),
    invalid_emails: z.array(z.string()).optional().meta({ description: "An invitation's addresses that cannot be invited" }),
  })
  .meta({ id: "Error" });

export type TokenRepresentation = z.infer<typeof tokenSchema>;
export type MemberRepresentation = z.infer<typeof memberSchema>;
export type RoleRepresentation = z.infer<typeof roleSchema>;
export type ProjectRepresentation = z.infer<typeof projectSchema>;
export type AuditEntryRepresentation = z.infer<typeof auditEntrySchema>;
export type EnvironmentRepresentation = z.infer<typeof environmentSchema>;
export type FlagDefaultsRepresentation = z.infer<typeof flagDefaultsSchema>;
