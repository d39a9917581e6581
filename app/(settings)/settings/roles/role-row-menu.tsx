"use client";

import { RowMenu, RowMenuItem } from "@/components/ui/row-menu";
import type { RoleRowData } from "./view-model";

export type RoleAction = "edit" | "delete";

/** Only what this viewer may do with the role (the domain checks again on save). */
export function RoleRowMenu({ role, onSelect }: { role: RoleRowData; onSelect: (action: RoleAction) => void }) {
  if (!role.abilities.edit && !role.abilities.delete) return null;
  return (
    <RowMenu label={role.name}>
      {role.abilities.edit && <RowMenuItem onSelect={() => onSelect("edit")}>Edit</RowMenuItem>}
      {role.abilities.delete && (
        <RowMenuItem danger onSelect={() => onSelect("delete")}>
          Delete
        </RowMenuItem>
      )}
    </RowMenu>
  );
}
