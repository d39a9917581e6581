import type { Policy } from "../policy";

/**
 * LaunchDarkly's `basePermissions`: what a role's holders may do besides its policy. Tollgate
 * never gates reads, so both values allow exactly the same; the value is stored and shown.
 */
export type BasePermissions = "reader" | "no_access";

/** A custom role as every door shows it. */
export interface RoleView {
  id: string;
  key: string;
  name: string;
  description: string;
  policy: Policy;
  basePermissions: BasePermissions;
  /** Active members who have the role. */
  memberCount: number;
  /** Tokens that carry the role (personal and service). */
  tokenCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateRoleInput {
  key: string;
  name: string;
  description?: string;
  /** Untrusted: checked with parsePolicy, whose messages point at the statement and field. */
  policy: unknown;
  /** "reader" when absent. */
  basePermissions?: unknown;
}

export interface UpdateRoleInput {
  name?: string;
  description?: string;
  policy?: unknown;
  basePermissions?: unknown;
  /** Said about the change; kept in its history entry. */
  comment?: unknown;
}

/** Who loses what when the role goes: shown in the delete confirmation. */
export interface RoleUsage {
  members: { id: string; email: string }[];
  /** The tokens carrying the role that the viewer may see. */
  tokens: { id: string; name: string; serviceToken: boolean }[];
  /** Other members' personal tokens carrying it, which the viewer may not see: counted, never named. */
  hiddenTokenCount: number;
}

export interface DeletedRole {
  affectedMembers: number;
  affectedTokens: number;
}

/** A custom role as a picker offers it. */
export interface CustomRoleOption {
  id: string;
  key: string;
  name: string;
  description: string;
}
