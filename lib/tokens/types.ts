import type { TokenPermission } from "../access";
import type { BuiltInRole, Policy } from "../policy";
import type { ApiVersion } from "./api-versions";

export type { TokenPermission };

/**
 * A permission as a door hands it in: the console's form and LaunchDarkly's `{role, customRoleIds,
 * inlineRole}` both arrive in this shape, bounded in size but otherwise unchecked. The domain
 * parses it once (validation.ts parsePermission) into a TokenPermission — an inline policy only
 * after checking that the caller may create the token at all, since validating one costs CPU.
 */
export type TokenPermissionInput = { kind: "role"; role: unknown } | { kind: "customRoles"; customRoleIds: unknown } | { kind: "inline"; policy: unknown };

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
  /** Absent: a generated name (`defaultTokenName`), as every field of LaunchDarkly's body is optional. */
  name?: string;
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
  /** Said about the change; kept in its history entry. */
  comment?: unknown;
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
  /** Keyset paging: the `nextCursor` of the previous page (opaque; anything else is refused). */
  after?: string;
}

/** A page of tokens: its rows, how many the filters match in all, and where the next page starts. */
export interface TokenPage {
  items: TokenView[];
  totalCount: number;
  /** The `after` of the next page; null on the last page. */
  nextCursor: string | null;
}
