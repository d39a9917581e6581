import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { randomBytes } from "node:crypto";

/**
 * Ids look like LaunchDarkly's (24 hex characters) so API clients that store or validate them
 * keep working; they are random, so they reveal neither order nor count.
 */
export const newId = () => randomBytes(12).toString("hex");
const id = () => text("id").primaryKey().$defaultFn(newId);
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const accounts = pgTable("accounts", {
  id: id(),
  name: text("name").notNull(),
  serviceTokenLimit: integer("service_token_limit").notNull().default(200),
  createdAt: createdAt(),
});

export const members = pgTable(
  "members",
  {
    id: id(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    role: text("role").$type<"no_access" | "reader" | "writer" | "admin" | "owner">().notNull(),
    /**
     * scrypt (lib/auth/password.ts); null while the member has no password they chose: an
     * invitation not yet accepted, or after an admin's reset until the member sets a new one.
     * Nobody signs in without one.
     */
    passwordHash: text("password_hash"),
    /**
     * When the member first chose a password through their invitation link. Null while the
     * invitation is pending. Defaults to now so members created any other way (setup, the demo
     * seed, and those that existed before invitations by link) are active from the start.
     */
    passwordSetAt: timestamp("password_set_at", { withTimezone: true }).defaultNow(),
    createdAt: createdAt(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    /** Removal is a state, not a delete: history and their tokens' rows keep pointing at them. */
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [
    // Unique among the members who are still there: a removed member keeps their row (history and
    // their tokens point at it), and their address can be invited again as a new member.
    uniqueIndex("members_account_email_idx").on(t.accountId, sql`lower(${t.email})`).where(sql`${t.removedAt} is null`),
    index("members_email_idx").on(sql`lower(${t.email})`),
    check("members_role_check", sql`${t.role} in ('no_access', 'reader', 'writer', 'admin', 'owner')`),
  ],
);

export const customRoles = pgTable(
  "custom_roles",
  {
    id: id(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    policy: jsonb("policy").$type<unknown[]>().notNull(),
    /** LaunchDarkly's `basePermissions` ("reader" or "no_access"): stored and shown; see docs/ld-compatibility.md. */
    basePermissions: text("base_permissions").$type<"reader" | "no_access">().notNull().default("reader"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("custom_roles_account_key_idx").on(t.accountId, t.key)],
);

export const memberCustomRoles = pgTable(
  "member_custom_roles",
  {
    memberId: text("member_id").notNull().references(() => members.id, { onDelete: "cascade" }),
    roleId: text("role_id").notNull().references(() => customRoles.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.roleId] }), index("member_custom_roles_role_idx").on(t.roleId)],
);

export const accessTokens = pgTable(
  "access_tokens",
  {
    id: id(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    /** The member who created it (the owner, for a personal token). */
    memberId: text("member_id").notNull().references(() => members.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Which one of role / custom roles / inline policy grants the token its permissions. */
    permissionKind: text("permission_kind").$type<"role" | "customRoles" | "inline">().notNull(),
    role: text("role").$type<"no_access" | "reader" | "writer" | "admin" | "owner">(),
    inlineRole: jsonb("inline_role").$type<unknown[]>(),
    serviceToken: boolean("service_token").notNull().default(false),
    defaultApiVersion: integer("default_api_version").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [
    index("access_tokens_account_created_idx").on(t.accountId, t.createdAt.desc(), t.id.desc()),
    index("access_tokens_member_created_idx").on(t.accountId, t.memberId, t.createdAt.desc(), t.id.desc()),
    index("access_tokens_service_created_idx")
      .on(t.accountId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.serviceToken}`),
    // Names are part of a token's policy resource (member/<id>:token/<name>, service-token/<name>).
    uniqueIndex("access_tokens_personal_name_idx").on(t.accountId, t.memberId, t.name).where(sql`not ${t.serviceToken}`),
    uniqueIndex("access_tokens_service_name_idx").on(t.accountId, t.name).where(sql`${t.serviceToken}`),
    check("access_tokens_permission_check", sql`(
      (${t.permissionKind} = 'role' and ${t.role} is not null and ${t.inlineRole} is null) or
      (${t.permissionKind} = 'inline' and ${t.role} is null and ${t.inlineRole} is not null) or
      (${t.permissionKind} = 'customRoles' and ${t.role} is null and ${t.inlineRole} is null))`),
    check("access_tokens_role_check", sql`${t.role} is null or ${t.role} in ('no_access', 'reader', 'writer', 'admin', 'owner')`),
  ],
);

export const accessTokenCustomRoles = pgTable(
  "access_token_custom_roles",
  {
    tokenId: text("token_id").notNull().references(() => accessTokens.id, { onDelete: "cascade" }),
    roleId: text("role_id").notNull().references(() => customRoles.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.roleId] }), index("access_token_custom_roles_role_idx").on(t.roleId)],
);

/**
 * Secrets live in their own table because a reset with a grace period leaves a token with two
 * live secrets. Only a SHA-256 hash and the last four characters are stored — never the secret.
 */
export const tokenSecrets = pgTable(
  "token_secrets",
  {
    id: id(),
    tokenId: text("token_id").notNull().references(() => accessTokens.id, { onDelete: "cascade" }),
    hash: text("hash").notNull(),
    ending: text("ending").notNull(),
    /** null for the current secret; a reset with a grace period sets the old one's end. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("token_secrets_hash_idx").on(t.hash),
    // Exactly one current secret per token, even when resets race.
    uniqueIndex("token_secrets_current_idx").on(t.tokenId).where(sql`${t.expiresAt} is null`),
  ],
);

export const projects = pgTable(
  "projects",
  {
    id: id(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** Client-side availability of new flags; `includeInSnippetByDefault` is `usingEnvironmentId`. */
    usingEnvironmentId: boolean("using_environment_id").notNull().default(false),
    usingMobileKey: boolean("using_mobile_key").notNull().default(true),
    /** LaunchDarkly's flag defaults other than client-side availability (tags, temporary, booleanDefaults). */
    flagDefaults: jsonb("flag_defaults").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("projects_account_key_idx").on(t.accountId, t.key)],
);

/**
 * The environments every new project gets unless its creator names others (LaunchDarkly creates
 * the same two keys). Migration 0005 gave them to projects that existed before.
 */
export const DEFAULT_PROJECT_ENVIRONMENTS = [
  { key: "production", name: "Production", color: "417505" },
  { key: "test", name: "Test", color: "F5A623" },
] as const;

/** A project's environments (LaunchDarkly's settings only: Tollgate serves no SDKs, so no SDK keys). */
export const projectEnvironments = pgTable(
  "project_environments",
  {
    id: id(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    color: text("color").notNull(),
    defaultTtl: integer("default_ttl").notNull().default(0),
    secureMode: boolean("secure_mode").notNull().default(false),
    defaultTrackEvents: boolean("default_track_events").notNull().default(false),
    requireComments: boolean("require_comments").notNull().default(false),
    confirmChanges: boolean("confirm_changes").notNull().default(false),
    critical: boolean("critical").notNull().default(false),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** Creation order: environments are listed as they were given. */
    position: integer("position").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("project_environments_project_key_idx").on(t.projectId, t.key), index("project_environments_account_idx").on(t.accountId)],
);

/** Change history. Append-only: no door updates or deletes a row; it never holds a secret. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    /** Total order for keyset pagination when several entries share a timestamp. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorKind: text("actor_kind").$type<"member" | "token" | "system">().notNull(),
    actorMemberId: text("actor_member_id"),
    actorTokenId: text("actor_token_id"),
    /** A snapshot (email or token name), so the entry stays readable after the actor is gone. */
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    targetKind: text("target_kind").$type<"token" | "member" | "role" | "project">().notNull(),
    targetId: text("target_id").notNull(),
    targetName: text("target_name").notNull(),
    changes: jsonb("changes").$type<Record<string, { before: unknown; after: unknown }>>().notNull().default({}),
    ip: text("ip"),
    /** What the person who made the change said about it (a PATCH's `comment`), if anything. */
    comment: text("comment"),
  },
  (t) => [
    index("audit_log_account_seq_idx").on(t.accountId, t.seq.desc()),
    index("audit_log_target_idx").on(t.accountId, t.targetKind, t.targetId, t.seq.desc()),
    index("audit_log_actor_idx").on(t.accountId, t.actorMemberId, t.seq.desc()),
    /** The API's order: newest by time (LaunchDarkly clients page by date). */
    index("audit_log_account_at_idx").on(t.accountId, t.at.desc(), t.seq.desc()),
  ],
);

/**
 * Instance-wide settings shared by every app instance: the hashes of first-run setup codes
 * (lib/setup). Never a secret an attacker could use as it is: a dump of this table is harmless.
 */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Counters of rate-limiter-flexible's Drizzle store, shared by every instance on one database. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull(),
  expire: timestamp("expire", { withTimezone: true }),
});

/**
 * Set-password links (lib/passwords/links.ts): an invitation or a reset. The token in the link is
 * stored only as its SHA-256; a link works once, for 7 days, and dies when a newer one is issued
 * for the member, when the invitation is revoked, or when the member is removed.
 */
export const passwordLinks = pgTable(
  "password_links",
  {
    id: id(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    memberId: text("member_id").notNull().references(() => members.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    purpose: text("purpose").$type<"invite" | "reset">().notNull(),
    /** The member who issued it; null when it came from the command line. */
    createdBy: text("created_by"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("password_links_token_hash_idx").on(t.tokenHash),
    index("password_links_member_idx").on(t.memberId),
    check("password_links_purpose_check", sql`${t.purpose} in ('invite', 'reset')`),
  ],
);

/**
 * Signed-in browsers (lib/auth/sessions.ts). The session cookie (a next-auth JWT) carries a
 * random session secret; only its SHA-256 is stored here, and every request checks the row is
 * still live, so ending a row signs that browser out on its next request, on every instance.
 */
export const sessions = pgTable(
  "sessions",
  {
    /** Shown to the member's own pages to name a row ("Sign out" on one); not the secret. */
    id: id(),
    memberId: text("member_id").notNull().references(() => members.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    browser: text("browser").notNull(),
    os: text("os").notNull(),
    ip: text("ip"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("sessions_secret_hash_idx").on(t.secretHash), index("sessions_member_idx").on(t.memberId)],
);
