"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { memberTokensHref, type MemberRowData } from "./view-model";

export type MemberAction = "changeRole" | "remove";

const itemClasses = "block cursor-pointer rounded px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100";

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
  const label = member.name || member.email;
  return (
    <Menu.Root>
      <Menu.Trigger
        aria-label={`Actions for ${label}`}
        className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 data-[state=open]:bg-slate-100"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <path d="M10 3a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm0 5.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3ZM11.5 15.5a1.5 1.5 0 1 0-3 0 1.5 1.5 0 0 0 3 0Z" />
        </svg>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={4} className="z-30 min-w-40 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          {changeRole && (
            <Menu.Item onSelect={() => onSelect("changeRole")} className={`${itemClasses} text-slate-800`}>
              Change role
            </Menu.Item>
          )}
          {viewTokens && (
            <Menu.Item asChild className={`${itemClasses} text-slate-800`}>
              <Link href={memberTokensHref(member, canViewAllTokens)}>View tokens</Link>
            </Menu.Item>
          )}
          {remove && (
            <Menu.Item onSelect={() => onSelect("remove")} className={`${itemClasses} text-red-700`}>
              Remove member
            </Menu.Item>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
