"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import type { RoleRowData } from "./view-model";

export type RoleAction = "edit" | "delete";

/** Only what this viewer may do with the role (the domain checks again on save). */
export function RoleRowMenu({ role, onSelect }: { role: RoleRowData; onSelect: (action: RoleAction) => void }) {
  if (!role.abilities.edit && !role.abilities.delete) return null;
  return (
    <Menu.Root>
      <Menu.Trigger
        aria-label={`Actions for ${role.name}`}
        className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 data-[state=open]:bg-slate-100"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <path d="M10 3a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm0 5.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3ZM11.5 15.5a1.5 1.5 0 1 0-3 0 1.5 1.5 0 0 0 3 0Z" />
        </svg>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={4} className="z-30 min-w-36 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          {role.abilities.edit && (
            <Menu.Item onSelect={() => onSelect("edit")} className="cursor-pointer rounded px-3 py-1.5 text-sm text-slate-800 outline-none data-[highlighted]:bg-slate-100">
              Edit
            </Menu.Item>
          )}
          {role.abilities.delete && (
            <Menu.Item onSelect={() => onSelect("delete")} className="cursor-pointer rounded px-3 py-1.5 text-sm text-red-700 outline-none data-[highlighted]:bg-slate-100">
              Delete
            </Menu.Item>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
