"use client";

import { Pagination } from "@/components/pagination";
import { EmptyState } from "@/components/ui/data-table";
import { useTransition } from "react";
import { useListNavigation } from "@/components/use-list-navigation";
import { HistoryFiltersBar } from "./history-filters";
import { HistoryTable } from "./history-table";
import type { ActorOption, HistoryListState, HistoryRowData } from "./view-model";

export function HistoryList({
  rows,
  state,
  actorOptions,
  actionLabels,
  targetKindLabels,
  problem,
}: {
  rows: HistoryRowData[];
  state: HistoryListState;
  actorOptions: ActorOption[];
  actionLabels: Record<string, string>;
  targetKindLabels: Record<string, string>;
  problem: string | null;
}) {
  const [loading, startTransition] = useTransition();
  const navigate = useListNavigation(startTransition);
  const filtered = Object.values(state.filters).some((v) => v !== "");

  return (
    <section aria-labelledby="changes-heading" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="changes-heading" className="sr-only">Changes</h2>
      <div className="space-y-3 p-4">
        <HistoryFiltersBar state={state} navigate={navigate} actorOptions={actorOptions} actionLabels={actionLabels} targetKindLabels={targetKindLabels} />
        {problem && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{problem}</p>
        )}
        <div aria-busy={loading} className={loading ? "opacity-60 transition-opacity" : undefined}>
          {rows.length === 0 ? (
            <EmptyState
              title={filtered ? "No changes match these filters" : "No changes yet"}
              hint={filtered ? "Try a wider date range or another actor." : "Changes to tokens, members, roles and projects will appear here."}
            />
          ) : (
            <HistoryTable rows={rows} targetKindLabels={targetKindLabels} />
          )}
        </div>
        <Pagination page={state.page} pageSize={state.pageSize} totalCount={state.totalCount} onPage={(p) => navigate({ page: String(p) })} />
      </div>
    </section>
  );
}
