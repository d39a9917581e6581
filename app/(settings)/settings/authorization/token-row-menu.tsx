"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import type { TokenRowData } from "./view-model";

export type RowAction = "clone" | "edit" | "reset" | "delete";

const ITEMS: { action: RowAction; label: string; danger?: boolean }[] = [
  { action: "clone", label: "Clone" },
  { action: "edit", label: "Edit" },
  { action: "reset", label: "Reset" },
  { action: "delete", label: "Delete", danger: true },
];

/**
 * Only the actions this viewer may take on this token (each is checked again on the server), and
 * its change history, which anyone who can see the token may open.
 */
export function TokenRowMenu({ token, onSelect }: { token: TokenRowData; onSelect: (action: RowAction) => void }) {
  const items = ITEMS.filter((item) => token.abilities[item.action]);
  return (
    <Menu.Root>
      <Menu.Trigger
        aria-label={`Actions for ${token.name}`}
        className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 data-[state=open]:bg-slate-100"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <path d="M10 3a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm0 5.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3ZM11.5 15.5a1.5 1.5 0 1 0-3 0 1.5 1.5 0 0 0 3 0Z" />
        </svg>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={4} className="z-30 min-w-36 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          {items.map((item) => (
            <Menu.Item
              key={item.action}
              onSelect={() => onSelect(item.action)}
              className={`cursor-pointer rounded px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100 ${item.danger ? "text-red-700" : "text-slate-800"}`}
            >
              {item.label}
            </Menu.Item>
          ))}
          {items.length > 0 && <Menu.Separator className="my-1 h-px bg-slate-100" />}
          <Menu.Item asChild className="block cursor-pointer rounded px-3 py-1.5 text-sm text-slate-800 outline-none data-[highlighted]:bg-slate-100">
            <Link href={`/settings/history?targetKind=token&targetId=${token.id}`}>View history</Link>
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
