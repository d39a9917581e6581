"use client";

import { Fragment } from "react";

import type { Revealed } from "./actions";
import { apiVersionLabel, ROLE_LABELS, useDateFormatter } from "@/components/format";
import { DataTable, td } from "@/components/ui/data-table";
import { SecretReveal } from "./secret-reveal";
import { TokenRowMenu, type RowAction } from "./token-row-menu";
import type { TokenRowData } from "./view-model";

function permissionLabel(p: TokenRowData["permission"]): string {
  if (p.kind === "role") return ROLE_LABELS[p.role] ?? p.role;
  if (p.kind === "customRoles") return p.roles.map((r) => r.name).join(", ") || "Custom";
  return "Inline policy";
}

export function TokenTable({
  rows,
  showMember,
  revealed,
  onDismissReveal,
  onAction,
}: {
  rows: TokenRowData[];
  showMember: boolean;
  revealed: Revealed | null;
  onDismissReveal: () => void;
  onAction: (action: RowAction, token: TokenRowData) => void;
}) {
  const fmt = useDateFormatter();
  const revealedElsewhere = revealed && !rows.some((r) => r.id === revealed.tokenId);
  return (
    <DataTable
      caption="Access tokens"
      minWidth="min-w-[56rem]"
      above={
        revealedElsewhere && (
          <div className="border-b border-slate-200 p-3">
            <SecretReveal name={revealed.name} secret={revealed.secret} onDone={onDismissReveal} />
          </div>
        )
      }
      columns={["Name", showMember && "Member", "Role", "Token", "Type", "API version", "Created", "Last used", "Expires"]}
      actions
    >
      {rows.map((token) => {
        const secret = revealed?.tokenId === token.id ? revealed : null;
        return (
          <Fragment key={token.id}>
          <tr data-testid="token-row" aria-label={token.name} className={secret ? "bg-amber-50/40" : undefined}>
            <th scope="row" className={`${td} min-w-40 font-medium text-slate-900`}>
              {token.name}
              {token.description && <span className="block max-w-xs truncate text-xs font-normal text-slate-500" title={token.description}>{token.description}</span>}
            </th>
            {showMember && (
              <td className={td}>
                <span className="block">{token.member.name}</span>
                <span className="block text-xs text-slate-500">{token.member.email}</span>
                {token.member.removed && <span className="mt-0.5 inline-block rounded bg-red-50 px-1.5 text-xs text-red-700">Removed member</span>}
              </td>
            )}
            <td className={td}>{permissionLabel(token.permission)}</td>
            <td className={td}>
              <code className="whitespace-nowrap font-mono text-xs text-slate-700">{token.obscured}</code>
            </td>
            <td className={td}>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${token.serviceToken ? "bg-violet-50 text-violet-800" : "bg-sky-50 text-sky-800"}`}>
                {token.serviceToken ? "Service" : "Personal"}
              </span>
            </td>
            <td className={`${td} whitespace-nowrap`}>{apiVersionLabel(token.defaultApiVersion)}</td>
            <td className={`${td} whitespace-nowrap`}><time dateTime={token.createdAt}>{fmt.date(token.createdAt)}</time></td>
            <td className={`${td} whitespace-nowrap`}>{token.lastUsedAt ? <time dateTime={token.lastUsedAt}>{fmt.dateTime(token.lastUsedAt)}</time> : "Never"}</td>
            <td className={`${td} whitespace-nowrap`}>
              {token.expired ? (
                <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700">Expired</span>
              ) : token.expiresAt ? (
                <time dateTime={token.expiresAt}>{fmt.date(token.expiresAt)}</time>
              ) : (
                <span className="text-slate-500">Never</span>
              )}
            </td>
            <td className={`${td} text-right`}>
              <TokenRowMenu token={token} onSelect={(action) => onAction(action, token)} />
            </td>
          </tr>
          {secret && (
            <tr className="bg-amber-50/40">
              <td colSpan={showMember ? 10 : 9} className="px-3 pb-3">
                <SecretReveal name={token.name} secret={secret.secret} onDone={onDismissReveal} />
              </td>
            </tr>
          )}
          </Fragment>
        );
      })}
    </DataTable>
  );
}
