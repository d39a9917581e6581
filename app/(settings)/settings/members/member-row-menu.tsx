"use client";

import Link from "next/link";
import { RowMenu, RowMenuItem, RowMenuLink } from "@/components/ui/row-menu";
import { memberTokensHref, type MemberRowData } from "./view-model";

export type MemberAction = "changeRole" | "remove";

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
  const { changeRole, remove, viewTokens } = member.abilities;
  if (!changeRole && !remove && !viewTokens) return null;
  return (
    <RowMenu label={member.name || member.email}>
      {changeRole && <RowMenuItem onSelect={() => onSelect("changeRole")}>Change role</RowMenuItem>}
      {viewTokens && (
        <RowMenuLink>
          <Link href={memberTokensHref(member, canViewAllTokens)}>View tokens</Link>
        </RowMenuLink>
      )}
      {remove && (
        <RowMenuItem danger onSelect={() => onSelect("remove")}>
          Remove member
        </RowMenuItem>
      )}
    </RowMenu>
  );
}
