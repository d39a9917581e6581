"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { removeMemberAction } from "./actions";
import type { MemberRowData } from "./view-model";

export function RemoveMemberDialog({ member, onClose }: { member: MemberRowData; onClose: () => void }) {
  const label = member.name ? `${member.name} (${member.email})` : member.email;
  const tokens = member.personalTokenCount;

  return (
    <ConfirmDialog
      title="Remove member"
      description={
        <>
          <p>{label} will be signed out and can no longer sign in to this account.</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              Their personal tokens stop working at once
              {tokens > 0 ? ` (${tokens} ${tokens === 1 ? "token" : "tokens"})` : ""}. They stay listed as a removed member’s until you delete them.
            </li>
            <li>Service tokens they created keep working: those belong to the account.</li>
          </ul>
        </>
      }
      submitLabel="Remove member"
      pendingLabel="Removing…"
      done={`Removed ${member.email}`}
      run={() => removeMemberAction({ memberId: member.id })}
      onClose={onClose}
    />
  );
}
