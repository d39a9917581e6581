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

export interface ListMembersQuery {
  /** Case-insensitive substring of the email, first or last name. */
  search?: string;
  /** Removed members too (they stay in history and may still own dead personal tokens). */
  includeRemoved?: boolean;
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
  role: BuiltInRole;
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
