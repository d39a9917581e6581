"use client";

import { Pagination } from "@/components/pagination";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/data-table";
import type { Revealed } from "./actions";
import { CreateTokenPanel } from "./create-token-panel";
import { EditTokenPanel } from "./edit-token-panel";
import { CloneTokenDialog, DeleteTokenDialog, ResetTokenDialog } from "./token-dialogs";
import { TokenTable } from "./token-table";
import { useListNavigation } from "@/components/use-list-navigation";
import { TokenToolbar } from "./token-toolbar";
import type { RowAction } from "./token-row-menu";
import type { CreateOptions, ListState, TokenRowData } from "./view-model";

export function AccessTokens({ rows, state, createOptions }: { rows: TokenRowData[]; state: ListState; createOptions: CreateOptions }) {
  const [creating, setCreating] = useState(false);
  // The just-revealed secret: client memory only, gone on reload or when dismissed.
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [dialog, setDialog] = useState<{ action: RowAction; token: TokenRowData } | null>(null);
  const [loading, startTransition] = useTransition();
  const navigate = useListNavigation(startTransition);

  const reveal = (r: Revealed, message: string) => {
    setDialog(null);
    setCreating(false);
    setRevealed(r);
    toast.success(message);
  };
  const filtered = state.search !== "" || state.type !== "all";

  return (
    <section aria-labelledby="access-tokens-heading" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id="access-tokens-heading" className="text-base font-semibold">Access tokens</h2>
          <p className="text-xs text-slate-500">Only the person who creates a token sees its value, once.</p>
        </div>
        <Button onClick={() => setCreating(true)}>Create token</Button>
      </div>
      <div className="space-y-3 p-4">
        {state.member && (
          <p className="flex flex-wrap items-center gap-2 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-800" role="status">
            Showing the personal tokens of {state.member.email}
            {state.member.removed && " (removed member)"}.
            <button type="button" className="font-medium underline" onClick={() => navigate({ member: null })}>
              Show everyone’s
            </button>
          </p>
        )}
        <TokenToolbar state={state} navigate={navigate} />
        {revealed && !rows.some((r) => r.id === revealed.tokenId) && (
          <p className="text-sm text-slate-600">The new token “{revealed.name}” is not in the current filter; its value is shown below.</p>
        )}
        <div aria-busy={loading} className={loading ? "opacity-60 transition-opacity" : undefined}>
          {rows.length === 0 && !revealed ? (
            <EmptyState
              title={filtered ? "No tokens match these filters" : "No access tokens yet"}
              hint={filtered ? "Try another name or type." : "Create a token to call the Tollgate REST API from your scripts and CI."}
            >
              {!filtered && (
                <Button className="mt-4" onClick={() => setCreating(true)}>Create token</Button>
              )}
            </EmptyState>
          ) : (
            <TokenTable
              rows={rows}
              showMember={state.showAll}
              revealed={revealed}
              onDismissReveal={() => setRevealed(null)}
              onAction={(action, token) => setDialog({ action, token })}
            />
          )}
        </div>
        <Pagination page={state.page} pageSize={state.pageSize} totalCount={state.totalCount} onPage={(p) => navigate({ page: String(p), after: p === state.page + 1 ? state.nextCursor : null })} />
      </div>

      {/* Mounted while open only, like the row dialogs: a closed panel would still cost every render its form state and hooks. */}
      {creating && <CreateTokenPanel open onOpenChange={setCreating} options={createOptions} onCreated={(r) => reveal(r, `Created “${r.name}”`)} />}
      {dialog?.action === "clone" && <CloneTokenDialog token={dialog.token} onClose={() => setDialog(null)} onCloned={(r) => reveal(r, `Cloned as “${r.name}”`)} />}
      {dialog?.action === "reset" && <ResetTokenDialog token={dialog.token} onClose={() => setDialog(null)} onReset={(r) => reveal(r, `Reset “${r.name}”`)} />}
      {dialog?.action === "delete" && <DeleteTokenDialog token={dialog.token} onClose={() => setDialog(null)} />}
      {dialog?.action === "edit" && <EditTokenPanel token={dialog.token} options={createOptions} onClose={() => setDialog(null)} />}
    </section>
  );
}
