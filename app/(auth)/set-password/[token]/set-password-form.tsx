"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { PasswordField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { NewPasswordField } from "@/components/ui/new-password-field";
import { DEAD_LINK_MESSAGE as DEAD_LINK } from "@/lib/passwords/dead-link";
import { setPasswordAction } from "./actions";

export function SetPasswordForm({ token, email, purpose, personal }: { token: string; email: string; purpose: "invite" | "reset"; personal: string[] }) {
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [dead, setDead] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) {
      setErrors({ confirm: "The two passwords are not the same" });
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      const result = await setPasswordAction({ token, password });
      if (!result.ok) {
        if (result.error === DEAD_LINK) setDead(true);
        setErrors({ password: result.fieldErrors?.password });
        if (!result.fieldErrors?.password) setFormError(result.error);
        return;
      }
      // Signed in the ordinary way, with the password just chosen: the link creates no session.
      const signedIn = await signIn("credentials", { email: result.data.email, password, redirect: false });
      if (!signedIn || signedIn.error) {
        router.replace("/login");
        return;
      }
      router.replace("/settings/authorization");
      router.refresh();
    } catch {
      setFormError("Could not reach Tollgate. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  if (dead) {
    return (
      <p role="alert" className="text-sm text-slate-800" data-testid="dead-link">
        {DEAD_LINK}
      </p>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm text-slate-600">
        {purpose === "invite" ? "Choose the password you will sign in with as " : "Choose a new password for "}
        <span className="font-medium text-slate-900">{email}</span>.
      </p>
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordField id="new-password" label="New password" value={password} onChange={setPassword} personal={personal} error={errors.password} />
      <PasswordField id="confirm-password" label="Confirm password" autoComplete="new-password" value={confirm} onChange={setConfirm} maxLength={200} error={errors.confirm} />
      <FormError message={formError} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : purpose === "invite" ? "Set password and sign in" : "Save password and sign in"}
      </Button>
    </form>
  );
}
