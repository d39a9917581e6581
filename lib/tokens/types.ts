import type { BuiltInRole, Policy } from "../policy";
import type { ApiVersion } from "./api-versions";

/**
 * Who is acting. Built once per request by a door (lib/auth/actor.ts) from a signed-in member or
 * an authenticated API token; every domain function takes one and checks it — never a raw id.
 */
export interface Actor {
  kind: "member" | "token";
  accountId: string;
  /** The acting member, or for a token the member who created it. */
  memberId: string;
  /** That member's current built-in role (re-read for every request). */
  memberRole: BuiltInRole;
  /** The member's current effective policy: built-in role + custom roles. */
  memberPolicy: Policy;
  /** Present when acting through an API token. */
  token?: {
    id: string;
    name: string;
    serviceToken: boolean;
    /** The token's own policy (from its role, custom roles or inline policy). */
    policy: Policy;
    /** Built-in role when the token has one; ceilings for minting use it. */
    role: BuiltInRole | null;
    /** The stored secret (its row, never the secret) the request called with: each write checks it is still live. */
    secretId: string;
    /** When the token stops working (null: never); nothing it mints or re-dates may outlive it. */
    expiresAt: Date | null;
  };
  /**
   * A member signed in to the console: the id of their session row (lib/auth/sessions.ts). Every
   * write re-checks that it is still live, so a session ended meanwhile commits nothing.
   */
  sessionId?: string;
  /** For change history: the member's email, or the token's name. */
  displayName: string;
  /** Client address for change history; null when unknown. */
  ip: string | null;
  /** Admins and owners (and tokens acting with their authority) may list every member's tokens. */
  canViewAllTokens: boolean;
}

export type TokenPermission =
  | { kind: "role"; role: BuiltInRole }
  | { kind: "customRoles"; customRoleIds: string[] }
  | { kind: "inline"; policy: Policy };

/**
 * A permission as a door hands it in. An inline policy is untrusted until the domain has checked
 * that the caller may create the token, then bounded and validated it (parsePermission).
 */
export type TokenPermissionInput = Exclude<TokenPermission, { kind: "inline" }> | { kind: "inline"; policy: unknown };

export interface TokenMemberSummary {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: BuiltInRole;
  removed: boolean;
}

/** A token as every door shows it. There is no secret in it: only the last four characters. */
export interface TokenView {
  id: string;
  accountId: string;
  memberId: string;
  member: TokenMemberSummary;
  name: string;
  description: string;
  permission:
    | { kind: "role"; role: BuiltInRole }
    | { kind: "customRoles"; customRoles: { id: string; key: string; name: string }[] }
    | { kind: "inline"; policy: Policy };
  serviceToken: boolean;
  defaultApiVersion: ApiVersion;
  expiresAt: Date | null;
  expired: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
  /** Last four characters of the current secret. */
  ending: string;
}

/** The one response that carries a secret: create, clone, reset. */
export interface RevealedToken {
  token: TokenView;
  secret: string;
}

export interface CreateTokenInput {
  name: string;
  description?: string;
  permission: TokenPermissionInput;
  serviceToken?: boolean;
  defaultApiVersion?: ApiVersion;
  expiresAt?: Date | null;
}

export interface UpdateTokenInput {
  name?: string;
  description?: string;
  /** Personal tokens only: a service token's permissions are fixed at creation. */
  permission?: TokenPermissionInput;
  defaultApiVersion?: ApiVersion;
  expiresAt?: Date | null;
}

export interface ListTokensQuery {
  /** Every member's personal tokens too (admins and owners only; others get Forbidden). */
  showAll?: boolean;
  type?: "all" | "personal" | "service";
  /** Case-insensitive substring of the name. */
  search?: string;
  /** Only this member's personal tokens (implies showAll when it is not the actor). */
  memberId?: string;
  limit?: number;
  offset?: number;
}

/** What the viewer may do with one token: drives the row menu and is checked again on use. */
export interface TokenAbilities {
  clone: boolean;
  edit: boolean;
  editPermission: boolean;
  reset: boolean;
  delete: boolean;
}
