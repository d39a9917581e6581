"use client";

import { useState, useTransition, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DialogForm } from "@/components/ui/dialog-form";
import { describedBy, Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Modal } from "@/components/ui/modal";
import { useDialogAction } from "@/components/ui/use-dialog-action";
import { cloneTokenAction, deleteTokenAction, resetTokenAction, type Revealed } from "./actions";
import type { TokenRowData } from "./view-model";

type DialogProps = { token: TokenRowData; onClose: () => void };

export function CloneTokenDialog({ token, onClose, onCloned }: DialogProps & { onCloned: (r: Revealed) => void }) {
  const [name, setName] = useState(`${token.name} (copy)`);
  const [error, setError] = useState<{ form: string | null; name?: string }>({ form: null });
  const [pending, start] = useTransition();
  function submit(e: FormEvent) {
    e.preventDefault();
    start(async () => {
      const result = await cloneTokenAction({ tokenId: token.id, name });
      if (!result.ok) return setError({ form: result.error, name: result.fieldErrors?.name });
      onCloned(result.data);
    });
  }
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title="Clone token" description={`A new token with the same settings as “${token.name}” and a new secret.`}>
      <DialogForm onSubmit={submit} onCancel={onClose} pending={pending} error={error.form} submitLabel="Clone token" pendingLabel="Cloning…" disabled={!name.trim()}>
        <Field id="clone-name" label="Name" error={error.name}>
          <Input id="clone-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} {...describedBy("clone-name", error.name)} />
        </Field>
      </DialogForm>
    </Modal>
  );
}

const GRACE_CHOICES = [
  { hours: 0, label: "Immediately" },
  { hours: 1, label: "In 1 hour" },
  { hours: 24, label: "In 24 hours" },
  { hours: 168, label: "In 7 days" },
] as const;

export function ResetTokenDialog({ token, onClose, onReset }: DialogProps & { onReset: (r: Revealed) => void }) {
  const [grace, setGrace] = useState<0 | 1 | 24 | 168>(0);
  const [confirmation, setConfirmation] = useState("");
  const confirmed = confirmation === token.name;
  const reset = useDialogAction(() => resetTokenAction({ tokenId: token.id, graceHours: grace }), onReset);
  function submit(e: FormEvent) {
    if (confirmed) return reset.submit(e);
    e.preventDefault();
  }
  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title="Reset token"
      description={`“${token.name}” gets a new secret, shown once. Programs using the current secret must be updated.`}
    >
      <DialogForm onSubmit={submit} onCancel={onClose} pending={reset.pending} error={reset.error} submitLabel="Reset token" pendingLabel="Resetting…" disabled={!confirmed} danger>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">When should the current secret stop working?</legend>
          <div className="mt-2 grid grid-cols-2 gap-2">
            {GRACE_CHOICES.map((choice) => (
              <label key={choice.hours} className="flex items-center gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
                <input type="radio" name="grace" value={choice.hours} checked={grace === choice.hours} onChange={() => setGrace(choice.hours)} />
                {choice.label}
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="reset-confirm" label={`Type “${token.name}” to confirm`}>
          <Input id="reset-confirm" value={confirmation} autoComplete="off" onChange={(e) => setConfirmation(e.target.value)} />
        </Field>
      </DialogForm>
    </Modal>
  );
}

export function DeleteTokenDialog({ token, onClose }: DialogProps) {
  const someoneElses = !token.isOwn && !token.serviceToken;
  return (
    <ConfirmDialog
      title="Delete token"
      description={
        <>
          Requests with “{token.name}” will be refused from now on. This can’t be undone.
          {someoneElses && <> This token belongs to {token.member.name} ({token.member.email}).</>}
        </>
      }
      submitLabel="Delete token"
      pendingLabel="Deleting…"
      done={`Deleted “${token.name}”`}
      run={() => deleteTokenAction({ tokenId: token.id })}
      onClose={onClose}
    />
  );
}
