"use client";

import type { ReactNode } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/action-result";
import { DialogForm } from "./dialog-form";
import { Modal } from "./modal";
import { useDialogAction } from "./use-dialog-action";

/**
 * A confirmation with nothing to fill in (Delete token, Remove member, Revoke invitation): what
 * will happen, then Cancel and the submit button. On success it says `done` in a toast and closes;
 * a refusal stays in the dialog as its error.
 */
export function ConfirmDialog({
  title,
  description,
  submitLabel,
  pendingLabel,
  done,
  run,
  onClose,
}: {
  title: string;
  description: ReactNode;
  submitLabel: string;
  pendingLabel: string;
  done: string;
  run: () => Promise<ActionResult<unknown>>;
  onClose: () => void;
}) {
  const { error, pending, submit } = useDialogAction(run, () => {
    toast.success(done);
    onClose();
  });
  return (
    <Modal open onOpenChange={(open) => !open && onClose()} title={title} description={description}>
      <DialogForm onSubmit={submit} onCancel={onClose} pending={pending} error={error} submitLabel={submitLabel} pendingLabel={pendingLabel} danger />
    </Modal>
  );
}
