"use client";

import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { DialogForm } from "@/components/ui/dialog-form";
import { describedBy, Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Sheet } from "@/components/ui/sheet";
import type { BuiltInRole } from "@/lib/policy";
import { ROLE_LABELS } from "@/components/format";
import { inviteMemberAction, type LinkReveal } from "./actions";
import { SetPasswordLink } from "./set-password-link";

type Draft = { email: string; firstName: string; lastName: string; role: BuiltInRole };

export function InviteMemberPanel({
  open,
  onOpenChange,
  grantableRoles,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  grantableRoles: BuiltInRole[];
}) {
  const initial: Draft = { email: "", firstName: "", lastName: "", role: "reader" };
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  // The set-password link: in this component's memory until the panel closes, then gone.
  const [invited, setInvited] = useState<LinkReveal | null>(null);
  const [pending, start] = useTransition();

  function close() {
    setDraft(initial);
    setErrors({});
    setFormError(null);
    setInvited(null);
    onOpenChange(false);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.email.trim()) {
      setErrors({ email: "Enter an email address" });
      return;
    }
    setErrors({});
    setFormError(null);
    start(async () => {
      const result = await inviteMemberAction(draft);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      setInvited(result.data);
      toast.success(`Invited ${result.data.email}`);
    });
  }

  const set = (field: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [field]: e.target.value });

  return (
    <Sheet
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title="Invite a member"
      description="They get a link to choose their own password: shown to you once, and emailed to them when email is set up."
    >
      {invited ? (
        <div className="space-y-4 px-6 py-5">
          <SetPasswordLink reveal={invited} onDone={close} />
        </div>
      ) : (
        <DialogForm onSubmit={submit} onCancel={close} pending={pending} error={formError} submitLabel="Invite member" pendingLabel="Inviting…" inSheet noValidate>
          <Field id="invite-email" label="Email" error={errors.email}>
            <Input id="invite-email" type="email" value={draft.email} maxLength={320} required autoComplete="off" onChange={set("email")} {...describedBy("invite-email", errors.email)} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="invite-first" label="First name" optional error={errors.firstName}>
              <Input id="invite-first" value={draft.firstName} maxLength={100} autoComplete="off" onChange={set("firstName")} {...describedBy("invite-first", errors.firstName)} />
            </Field>
            <Field id="invite-last" label="Last name" optional error={errors.lastName}>
              <Input id="invite-last" value={draft.lastName} maxLength={100} autoComplete="off" onChange={set("lastName")} {...describedBy("invite-last", errors.lastName)} />
            </Field>
          </div>
          <Field id="invite-role" label="Role" error={errors.role} hint="You can only give a role up to your own.">
            <Select id="invite-role" value={draft.role} onChange={set("role")} {...describedBy("invite-role", errors.role, true)}>
              {grantableRoles.map((role) => (
                <option key={role} value={role}>{ROLE_LABELS[role]}</option>
              ))}
            </Select>
          </Field>
        </DialogForm>
      )}
    </Sheet>
  );
}
