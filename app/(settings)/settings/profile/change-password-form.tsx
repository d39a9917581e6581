"use client";

import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { PasswordField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { NewPasswordField } from "@/components/ui/new-password-field";
import { changePasswordAction } from "./actions";

type Errors = { currentPassword?: string; newPassword?: string; confirm?: string };

export function ChangePasswordForm({ personal }: { personal: string[] }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    const local: Errors = {};
    if (!current) local.currentPassword = "Enter your current password";
    if (next !== confirm) local.confirm = "The two new passwords are not the same";
    if (Object.keys(local).length > 0) return setErrors(local);
    setErrors({});
    setFormError(null);
    start(async () => {
      const result = await changePasswordAction({ currentPassword: current, newPassword: next });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        if (!result.fieldErrors) setFormError(result.error);
        return;
      }
      setCurrent("");
      setNext("");
      setConfirm("");
      const n = result.data.otherSessionsEnded;
      toast.success(n > 0 ? `Password changed. ${n} other ${n === 1 ? "session was" : "sessions were"} signed out.` : "Password changed.");
    });
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-md space-y-4" aria-label="Change password">
      <PasswordField
        id="current-password"
        label="Current password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
        maxLength={1024}
        error={errors.currentPassword}
      />
      <NewPasswordField id="new-password" label="New password" value={next} onChange={setNext} personal={personal} error={errors.newPassword} />
      <PasswordField
        id="confirm-new-password"
        label="Confirm new password"
        autoComplete="new-password"
        value={confirm}
        onChange={setConfirm}
        maxLength={1024}
        error={errors.confirm}
      />
      <FormError message={formError} />
      <Button type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</Button>
    </form>
  );
}
