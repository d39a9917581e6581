"use client";

import Link from "next/link";
import { RowMenu, RowMenuItem, RowMenuLink } from "@/components/ui/row-menu";
import { memberTokensHref, type MemberRowData } from "./view-model";

export type MemberAction = "changeRole" | "remove" | "resendInvitation" | "revokeInvitation" | "resetPassword";

/** Only what this viewer may do with this member (the domain checks again on every call). */
export function MemberRowMenu({
  member,
  canViewAllTokens,
  onSelect,
}: {
  member: MemberRowData;
  canViewAllTokens: boolean;
  onSelect: (action: MemberAction) => void;
}) {
  const { changeRole, remove, viewTokens, resendInvitation, revokeInvitation, resetPassword } = member.abilities;
  if (!Object.values(member.abilities).some(Boolean)) return null;
  return (
    <RowMenu label={member.name || member.email}>
      {resendInvitation && <RowMenuItem onSelect={() => onSelect("resendInvitation")}>Resend invitation</RowMenuItem>}
      {changeRole && <RowMenuItem onSelect={() => onSelect("changeRole")}>Change role</RowMenuItem>}
      {resetPassword && <RowMenuItem onSelect={() => onSelect("resetPassword")}>Reset password</RowMenuItem>}
      {viewTokens && (
        <RowMenuLink>
          <Link href={memberTokensHref(member, canViewAllTokens)}>View tokens</Link>
        </RowMenuLink>
      )}
      {revokeInvitation && (
        <RowMenuItem danger onSelect={() => onSelect("revokeInvitation")}>
          Revoke invitation
        </RowMenuItem>
      )}
      {remove && (
        <RowMenuItem danger onSelect={() => onSelect("remove")}>
          Remove member
        </RowMenuItem>
      )}
    </RowMenu>
  );
}
