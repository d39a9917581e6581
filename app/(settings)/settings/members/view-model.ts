import type { MemberAbilities } from "@/lib/access";
import type { BuiltInRole } from "@/lib/policy";

/** One member as the client list receives it: plain data, dates as ISO strings. */
export interface MemberRowData {
  id: string;
  name: string;
  email: string;
  role: BuiltInRole;
  customRoles: { id: string; key: string; name: string }[];
  personalTokenCount: number;
  lastSignInAt: string | null;
  removed: boolean;
  /** Invited and has not chosen a password yet. */
  pending: boolean;
  isSelf: boolean;
  /** What the row menu may offer. Advisory only: every action is checked again by the domain. */
  abilities: MemberAbilities;
}

export interface MemberOptions {
  /** Built-in roles the viewer may grant (never above their own). */
  grantableRoles: BuiltInRole[];
  /** Only admins and owners assign custom roles. */
  canAssignCustomRoles: boolean;
  customRoles: { id: string; key: string; name: string; description: string }[];
  canInvite: boolean;
  /** Admins and owners see every member's tokens on the Authorization page. */
  canViewAllTokens: boolean;
}

export interface MembersListState {
  search: string;
  showRemoved: boolean;
  page: number;
  pageSize: number;
  totalCount: number;
}

/** Where "View tokens" goes: the Authorization page filtered to the member. */
export function memberTokensHref(row: Pick<MemberRowData, "id" | "isSelf">, canViewAll: boolean): string {
  return canViewAll ? `/settings/authorization?showAll=1&member=${encodeURIComponent(row.id)}` : "/settings/authorization";
}
