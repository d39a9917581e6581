"use client";

import { Pagination } from "@/components/pagination";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/data-table";
import { useListNavigation } from "@/components/use-list-navigation";
import { ChangeRoleDialog } from "./change-role-dialog";
import { InviteMemberPanel } from "./invite-member-panel";
import { MembersTable } from "./members-table";
import { MembersToolbar } from "./members-toolbar";
import { RemoveMemberDialog } from "./remove-member-dialog";
import { ResendInvitationDialog, ResetPasswordDialog, RevokeInvitationDialog } from "./link-dialogs";
import type { MemberAction } from "./member-row-menu";
import type { MemberOptions, MemberRowData, MembersListState } from "./view-model";

export function MembersList({ rows, state, options }: { rows: MemberRowData[]; state: MembersListState; options: MemberOptions }) {
  const [inviting, setInviting] = useState(false);
  const [dialog, setDialog] = useState<{ action: MemberAction; member: MemberRowData } | null>(null);
  const [loading, startTransition] = useTransition();
  const navigate = useListNavigation(startTransition);
  const filtered = state.search !== "";

  return (
    <section aria-labelledby="members-heading" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id="members-heading" className="text-base font-semibold">Account members</h2>
          <p className="text-xs text-slate-500">A member’s personal tokens can never do more than the member can.</p>
        </div>
        {options.canInvite && <Button onClick={() => setInviting(true)}>Invite member</Button>}
      </div>
      <div className="space-y-3 p-4">
        <MembersToolbar state={state} navigate={navigate} />
        <div aria-busy={loading} className={loading ? "opacity-60 transition-opacity" : undefined}>
          {rows.length === 0 ? (
            <EmptyState
              title={filtered ? "No members match this search" : "No members to show"}
              hint={filtered ? "Try part of a name or an email address." : "Invite someone to get started."}
            />
          ) : (
            <MembersTable rows={rows} canViewAllTokens={options.canViewAllTokens} onAction={(action, member) => setDialog({ action, member })} />
          )}
        </div>
        <Pagination page={state.page} pageSize={state.pageSize} totalCount={state.totalCount} onPage={(p) => navigate({ page: String(p) })} />
      </div>

      {options.canInvite && <InviteMemberPanel open={inviting} onOpenChange={setInviting} grantableRoles={options.grantableRoles} />}
      {dialog?.action === "changeRole" && <ChangeRoleDialog member={dialog.member} options={options} onClose={() => setDialog(null)} />}
      {dialog?.action === "remove" && <RemoveMemberDialog member={dialog.member} onClose={() => setDialog(null)} />}
      {dialog?.action === "resendInvitation" && <ResendInvitationDialog member={dialog.member} onClose={() => setDialog(null)} />}
      {dialog?.action === "revokeInvitation" && <RevokeInvitationDialog member={dialog.member} onClose={() => setDialog(null)} />}
      {dialog?.action === "resetPassword" && <ResetPasswordDialog member={dialog.member} onClose={() => setDialog(null)} />}
    </section>
  );
}
