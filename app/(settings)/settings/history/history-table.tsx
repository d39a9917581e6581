"use client";

import Link from "next/link";
import { useDateFormatter } from "@/components/format";
import { DataTable, td } from "@/components/ui/data-table";
import type { ChangeData, HistoryRowData, ShownValue } from "./view-model";

function Value({ value }: { value: ShownValue }) {
  return (
    <span className={value.empty ? "text-slate-500" : "break-words font-medium text-slate-900"} title={value.short !== value.full ? value.full : undefined}>
      {value.short}
    </span>
  );
}

function Change({ change }: { change: ChangeData }) {
  return (
    <li>
      <span className="text-slate-600">{change.label}: </span>
      {change.before.empty ? (
        // Set for the first time (a creation): the new value says it all.
        <Value value={change.after} />
      ) : (
        <>
          <Value value={change.before} />
          <span className="text-slate-500"> → </span>
          <Value value={change.after} />
        </>
      )}
    </li>
  );
}

/** The change's comment, as its author wrote it (React escapes it; line breaks are kept). */
function Comment({ text }: { text: string }) {
  return (
    <p data-testid="history-comment" className="mt-1 whitespace-pre-line break-words border-l-2 border-slate-300 pl-2 text-xs italic text-slate-700">
      <span className="not-italic text-slate-600">Comment: </span>
      {text}
    </p>
  );
}

export function HistoryTable({ rows, targetKindLabels }: { rows: HistoryRowData[]; targetKindLabels: Record<string, string> }) {
  const fmt = useDateFormatter();
  return (
    <DataTable
      caption="Changes, newest first"
      minWidth="min-w-[60rem]"
      columns={["When", "Who", "Action", "Target", "Changes", "IP address"]}
    >
      {rows.map((row) => (
        <tr key={row.id} data-testid="history-row" data-action={row.action}>
          <td className={`${td} whitespace-nowrap`}>
            <time dateTime={row.at}>{fmt.dateTime(row.at)}</time>
          </td>
          <td className={`${td} max-w-56`}>
            <span className="break-words">{row.actor.kind === "system" ? "Tollgate" : row.actor.name}</span>
            {row.actor.kind === "token" && " "}
            {row.actor.kind === "token" && (
              <span className="ml-0.5 rounded bg-violet-50 px-1.5 py-0.5 text-xs font-medium text-violet-800">token</span>
            )}
            {row.actor.kind === "token" && row.actor.createdBy && (
              <span className="block break-words text-xs text-slate-500">created by {row.actor.createdBy}</span>
            )}
          </td>
          <td className={`${td} whitespace-nowrap`}>{row.actionLabel}</td>
          <td className={`${td} max-w-56`}>
            <span className="block text-xs text-slate-500">{targetKindLabels[row.target.kind] ?? row.target.kind}</span>
            <Link
              href={`/settings/history?targetKind=${encodeURIComponent(row.target.kind)}&targetId=${encodeURIComponent(row.target.id)}`}
              className="break-words font-medium text-brand-700 underline-offset-2 hover:underline"
              title={`History of ${row.target.kind} ${row.target.name}`}
            >
              {row.target.name}
            </Link>
          </td>
          <td className={`${td} min-w-72`}>
            {row.changes.length === 0 ? (
              !row.comment && <span className="text-slate-500">—</span>
            ) : (
              <ul aria-label="Changed fields" className="space-y-0.5 text-xs">
                {row.changes.map((change) => (
                  <Change key={change.field} change={change} />
                ))}
              </ul>
            )}
            {row.comment && <Comment text={row.comment} />}
          </td>
          <td className={`${td} whitespace-nowrap font-mono text-xs text-slate-700`}>{row.ip ?? <span className="font-sans text-slate-500">—</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
