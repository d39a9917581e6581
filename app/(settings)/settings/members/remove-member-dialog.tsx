"use client";

import { toast } from "sonner";
import { DialogForm } from "@/components/ui/dialog-form";
import { Modal } from "@/components/ui/modal";
import { useDialogAction } from "@/components/ui/use-dialog-action";
import { removeMemberAction } from "./actions";
import type { MemberRowData } from "./view-model";

export function RemoveMemberDialog({ member, onClose }: { member: MemberRowData; onClose: () => void }) {
  const label = member.name ? `${member.name} (${member.email})` : member.email;
  const tokens = member.personalTokenCount;

  const { error, pending, submit } = useDialogAction(
    () => removeMemberAction({ memberId: member.id }),
    () => {
      toast.success(`Removed ${member.email}`);
      onClose();
    },
  );

  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
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
    >
      <DialogForm onSubmit={submit} onCancel={onClose} pending={pending} error={error} submitLabel="Remove member" pendingLabel="Removing…" danger />
    </Modal>
  );
}
