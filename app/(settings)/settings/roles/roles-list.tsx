"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, EmptyState, td } from "@/components/ui/data-table";
import { DeleteRoleDialog } from "./delete-role-dialog";
import { RolePanel } from "./role-panel";
import { RoleRowMenu, type RoleAction } from "./role-row-menu";
import type { RoleRowData } from "./view-model";

export function RolesList({ rows, canCreate }: { rows: RoleRowData[]; canCreate: boolean }) {
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<{ action: RoleAction; role: RoleRowData } | null>(null);

  return (
    <section aria-labelledby="roles-heading" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id="roles-heading" className="text-base font-semibold">Custom roles</h2>
          <p className="text-xs text-slate-500">Members and tokens with a role get its policy on top of their built-in role. Any matching deny wins.</p>
        </div>
        {canCreate && <Button onClick={() => setCreating(true)}>Create role</Button>}
      </div>
      <div className="p-4">
        {rows.length === 0 ? (
          <EmptyState
            title="No custom roles yet"
            hint={canCreate ? "Create a role to give members or tokens a precise set of permissions." : "Admins create custom roles here."}
          >
            {canCreate && <Button className="mt-4" onClick={() => setCreating(true)}>Create role</Button>}
          </EmptyState>
        ) : (
          <DataTable
            caption="Custom roles"
            minWidth="min-w-[48rem]"
            columns={["Role", "What it does", { label: "Members", className: "text-right" }, { label: "Tokens", className: "text-right" }]}
            actions
          >
            {rows.map((role) => (
              <tr key={role.id} data-testid="role-row" data-role-id={role.id} data-role-key={role.key} aria-label={role.name}>
                <th scope="row" className={`${td} min-w-48 font-normal`}>
                  <span className="block font-medium text-slate-900">{role.name}</span>
                  <code className="mt-0.5 inline-block rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{role.key}</code>
                  {role.description && <span className="mt-1 block max-w-xs text-xs text-slate-600">{role.description}</span>}
                </th>
                <td className={td}>
                  <ul aria-label={`What ${role.name} does`} className="space-y-0.5 text-xs text-slate-700">
                    {role.summary.map((line, i) => (
                      <li key={i} className={line.startsWith("Denies") ? "text-red-800" : undefined}>{line}</li>
                    ))}
                  </ul>
                </td>
                <td className={`${td} text-right tabular-nums`}>{role.memberCount}</td>
                <td className={`${td} text-right tabular-nums`}>{role.tokenCount}</td>
                <td className={`${td} text-right`}>
                  <RoleRowMenu role={role} onSelect={(action) => setDialog({ action, role })} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </div>

      {canCreate && <RolePanel role={null} open={creating} onClose={() => setCreating(false)} />}
      {dialog?.action === "edit" && <RolePanel key={dialog.role.id} role={dialog.role} open onClose={() => setDialog(null)} />}
      {dialog?.action === "delete" && <DeleteRoleDialog role={dialog.role} onClose={() => setDialog(null)} />}
    </section>
  );
}
