"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DialogForm } from "@/components/ui/dialog-form";
import { Modal } from "@/components/ui/modal";
import { useDialogAction } from "@/components/ui/use-dialog-action";
import { resendInvitationAction, resetPasswordAction, revokeInvitationAction, type LinkReveal } from "./actions";
import { SetPasswordLink } from "./set-password-link";
import type { MemberRowData } from "./view-model";

const labelOf = (member: MemberRowData) => (member.name ? `${member.name} (${member.email})` : member.email);

/**
 * A confirmation that issues a set-password link (Resend invitation, Reset password), then shows
 * the link once in the same dialog. The link lives in this component's state only.
 */
function IssueLinkDialog({
  member,
  title,
  description,
  submitLabel,
  pendingLabel,
  run,
  onClose,
}: {
  member: MemberRowData;
  title: string;
  description: React.ReactNode;
  submitLabel: string;
  pendingLabel: string;
  run: (input: { memberId: string }) => Promise<import("@/lib/action-result").ActionResult<LinkReveal>>;
  onClose: () => void;
}) {
  const [reveal, setReveal] = useState<LinkReveal | null>(null);
  const { error, pending, submit } = useDialogAction(
    () => run({ memberId: member.id }),
    (data) => setReveal(data),
  );
  return (
    <Modal open onOpenChange={(open) => !open && onClose()} title={title} description={reveal ? undefined : description}>
      {reveal ? (
        <SetPasswordLink reveal={reveal} onDone={onClose} />
      ) : (
        <DialogForm onSubmit={submit} onCancel={onClose} pending={pending} error={error} submitLabel={submitLabel} pendingLabel={pendingLabel} />
      )}
    </Modal>
  );
}

export function ResendInvitationDialog({ member, onClose }: { member: MemberRowData; onClose: () => void }) {
  return (
    <IssueLinkDialog
      member={member}
      title="Resend invitation"
      description={<p>{labelOf(member)} gets a new link to choose their password. The link they have now stops working.</p>}
      submitLabel="Create new link"
      pendingLabel="Creating…"
      run={resendInvitationAction}
      onClose={onClose}
    />
  );
}

export function ResetPasswordDialog({ member, onClose }: { member: MemberRowData; onClose: () => void }) {
  return (
    <IssueLinkDialog
      member={member}
      title="Reset password"
      description={
        <ul className="list-disc space-y-1 pl-5">
          <li>{labelOf(member)}’s password stops working now, and they are signed out everywhere.</li>
          <li>You get a link for them to choose a new password. Pass it on only to them: whoever opens it chooses the password.</li>
          <li>Their tokens keep working.</li>
        </ul>
      }
      submitLabel="Reset password"
      pendingLabel="Resetting…"
      run={resetPasswordAction}
      onClose={onClose}
    />
  );
}

export function RevokeInvitationDialog({ member, onClose }: { member: MemberRowData; onClose: () => void }) {
  return (
    <ConfirmDialog
      title="Revoke invitation"
      description={<p>{labelOf(member)} will not be able to join: their link stops working and they leave the list. You can invite the address again later.</p>}
      submitLabel="Revoke invitation"
      pendingLabel="Revoking…"
      done={`Revoked the invitation of ${member.email}`}
      run={() => revokeInvitationAction({ memberId: member.id })}
      onClose={onClose}
    />
  );
}
