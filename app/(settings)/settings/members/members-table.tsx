"use client";

import { ROLE_LABELS, useDateFormatter } from "@/components/format";
import { DataTable, td } from "@/components/ui/data-table";
import { MemberRowMenu, type MemberAction } from "./member-row-menu";
import type { MemberRowData } from "./view-model";

export function MembersTable({
  rows,
  canViewAllTokens,
  onAction,
}: {
  rows: MemberRowData[];
  canViewAllTokens: boolean;
  onAction: (action: MemberAction, member: MemberRowData) => void;
}) {
  const fmt = useDateFormatter();
  return (
    <DataTable
      caption="Members"
      minWidth="min-w-[48rem]"
      columns={["Member", "Role", "Custom roles", "Personal tokens", "Last sign-in"]}
      actions
    >
      {rows.map((member) => (
        <tr key={member.id} data-testid="member-row" data-member-id={member.id} aria-label={member.email} className={member.removed ? "bg-slate-50 text-slate-500" : undefined}>
          <th scope="row" className={`${td} min-w-48 font-normal`}>
            <span className="block font-medium text-slate-900">
              {member.name || member.email}
              {member.isSelf && <span className="ml-1.5 text-xs font-normal text-slate-500">(you)</span>}
            </span>
            {member.name && <span className="block text-xs text-slate-600">{member.email}</span>}
            {member.removed && <span className="mt-0.5 inline-block rounded bg-red-50 px-1.5 text-xs text-red-700">Removed</span>}
            {member.pending && !member.removed && (
              <span className="mt-0.5 inline-block rounded bg-amber-100 px-1.5 text-xs text-amber-900" title="Invited; has not chosen a password yet">
                Pending
              </span>
            )}
          </th>
          <td className={td}>{ROLE_LABELS[member.role] ?? member.role}</td>
          <td className={td}>
            {member.customRoles.length === 0 ? (
              <span className="text-slate-500">None</span>
            ) : (
              <ul className="flex flex-wrap gap-1">
                {member.customRoles.map((role) => (
                  <li key={role.id} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700" title={role.key}>
                    {role.name}
                  </li>
                ))}
              </ul>
            )}
          </td>
          <td className={`${td} tabular-nums`}>{member.personalTokenCount}</td>
          <td className={`${td} whitespace-nowrap`}>
            {member.lastSignInAt ? (
              <time dateTime={member.lastSignInAt}>{fmt.dateTime(member.lastSignInAt)}</time>
            ) : (
              <span className="text-slate-500">{member.pending ? "Invitation pending" : "Never"}</span>
            )}
          </td>
          <td className={`${td} text-right`}>
            <MemberRowMenu member={member} canViewAllTokens={canViewAllTokens} onSelect={(action) => onAction(action, member)} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
