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
}

export interface InviteMemberInput {
  email: string;
  firstName?: string;
  lastName?: string;
  role: BuiltInRole;
}

export interface InvitedMember {
  member: MemberView;
  /** Shown to the inviter once, to pass on; only its hash is stored. */
  oneTimePassword: string;
}
