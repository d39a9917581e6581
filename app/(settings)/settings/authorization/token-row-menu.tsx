"use client";

import Link from "next/link";
import { RowMenu, RowMenuItem, RowMenuLink, RowMenuSeparator } from "@/components/ui/row-menu";
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
    <RowMenu label={token.name}>
      {items.map((item) => (
        <RowMenuItem key={item.action} danger={item.danger} onSelect={() => onSelect(item.action)}>
          {item.label}
        </RowMenuItem>
      ))}
      {items.length > 0 && <RowMenuSeparator />}
      <RowMenuLink>
        <Link href={`/settings/history?targetKind=token&targetId=${token.id}`}>View history</Link>
      </RowMenuLink>
    </RowMenu>
  );
}
