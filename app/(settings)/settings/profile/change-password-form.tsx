"use client";

import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { describedBy } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
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
      <div>
        <label htmlFor="current-password" className="block text-sm font-medium text-slate-800">Current password</label>
        <Input
          id="current-password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          maxLength={1024}
          className="mt-1"
          onChange={(e) => setCurrent(e.target.value)}
          {...describedBy("current-password", errors.currentPassword)}
        />
        {errors.currentPassword && <p id="current-password-error" className="mt-1 text-xs text-red-700">{errors.currentPassword}</p>}
      </div>
      <NewPasswordField id="new-password" label="New password" value={next} onChange={setNext} personal={personal} error={errors.newPassword} />
      <div>
        <label htmlFor="confirm-new-password" className="block text-sm font-medium text-slate-800">Confirm new password</label>
        <Input
          id="confirm-new-password"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          maxLength={1024}
          className="mt-1"
          onChange={(e) => setConfirm(e.target.value)}
          {...describedBy("confirm-new-password", errors.confirm)}
        />
        {errors.confirm && <p id="confirm-new-password-error" className="mt-1 text-xs text-red-700">{errors.confirm}</p>}
      </div>
      <FormError message={formError} />
      <Button type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</Button>
    </form>
  );
}
