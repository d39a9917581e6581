import type { BuiltInRole } from "../policy";

/** A member as every door shows them. Never a password hash. */
export interface MemberView {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: BuiltInRole;
  customRoles: { id: string; key: string; name: string }[];
  removed: boolean;
  /** Invited, and has not chosen a password through their link yet: cannot sign in. */
  pending: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** Personal tokens they own (service tokens they created belong to no one, so are not counted). */
  personalTokenCount: number;
}

/** Members by when they were last seen: never, with no record of it, or not since a moment. */
export type LastSeenFilter = { never: true } | { noData: true } | { before: Date };

export type MemberSortField = "email" | "displayName" | "lastSeen";

export interface ListMembersQuery {
  /** Case-insensitive substring of the email, first or last name. */
  search?: string;
  /** Removed members too (they stay in history and may still own dead personal tokens). */
  includeRemoved?: boolean;
  /**
   * Members with any of these roles: built-in role names (`admin` also finds owners) or custom
   * role keys.
   */
  roles?: string[];
  /** Members with any of these ids. */
  ids?: string[];
  /** Members with any of these email addresses (compared case-insensitively). */
  emails?: string[];
  lastSeen?: LastSeenFilter;
  /** Members of this team: Tollgate has no teams, so nobody is. */
  team?: string;
  /** Members on no team (true: everyone) or on some team (false: nobody). */
  noTeam?: boolean;
  /** The order, first field first; email when absent. Ties are broken by email. */
  sort?: { field: MemberSortField; descending: boolean }[];
  limit?: number;
  offset?: number;
}

export interface UpdateMemberRolesInput {
  role?: BuiltInRole;
  /** The complete new set of custom roles (replaces the current one). */
  customRoleIds?: string[];
  /** Said about the change; kept in its history entry. */
  comment?: unknown;
}

export interface InviteMemberInput {
  email: string;
  firstName?: string;
  lastName?: string;
  /** Absent with custom roles: no_access, so the custom roles alone decide what they may do. */
  role?: BuiltInRole;
  /** Custom roles by key or id. */
  customRoles?: string[];
}

/**
 * A set-password link as handed to whoever issued it: once, in the response to the invitation,
 * resend or reset. Only the link's hash is stored.
 */
export interface IssuedSetPasswordLink {
  setPasswordUrl: string;
  expiresAt: Date;
  /** Also sent to the member by email (SMTP configured, and the server accepted it). */
  emailed: boolean;
}

export interface InvitedMember extends IssuedSetPasswordLink {
  member: MemberView;
}
