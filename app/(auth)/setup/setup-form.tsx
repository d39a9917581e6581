"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field } from "@/components/ui/field";
import { FormError, fieldErrorsBesides } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { PasswordMeter, usePasswordJudge } from "@/components/ui/password-meter";
import { DEFAULT_AFTER_SIGN_IN } from "@/lib/auth/callback-url";
import { ALREADY_SET_UP } from "@/lib/setup/messages";
import { setUpAction } from "./actions";

export function SetupForm() {
  const router = useRouter();
  const judge = usePasswordJudge();
  const [values, setValues] = useState({ accountName: "", ownerName: "", email: "", password: "", setupCode: "" });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [alreadySetUp, setAlreadySetUp] = useState(false);

  const strength = judge && values.password ? judge(values.password, [values.accountName, values.ownerName, values.email]) : null;
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The server applies the same rule; refusing here first spares a round trip.
    if (strength?.problem) {
      setFieldErrors({ password: strength.problem });
      setError("Choose a stronger password");
      return;
    }
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await setUpAction(values);
      if (!result.ok) {
        setAlreadySetUp(result.error === ALREADY_SET_UP);
        setError(result.error);
        setFieldErrors(fieldErrorsBesides(result.fieldErrors, result.error));
        return;
      }
      const signedIn = await signIn("credentials", { email: result.data.email, password: values.password, redirect: false });
      if (!signedIn || signedIn.error) {
        router.replace("/login");
        return;
      }
      router.replace(DEFAULT_AFTER_SIGN_IN);
      router.refresh();
    } catch {
      setError("Could not reach Tollgate. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const field = (id: keyof typeof values, hint?: string) => ({ id, name: id, value: values[id], onChange: set(id), ...describedBy(id, fieldErrors[id], hint) });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field id="accountName" label="Account name" error={fieldErrors.accountName} hint="Your team or company, as members will see it.">
        <Input {...field("accountName", "hint")} autoComplete="organization" required />
      </Field>
      <Field id="ownerName" label="Your name" error={fieldErrors.ownerName}>
        <Input {...field("ownerName")} autoComplete="name" required />
      </Field>
      <Field id="email" label="Email" error={fieldErrors.email}>
        <Input {...field("email")} type="email" autoComplete="username" required />
      </Field>
      <Field id="password" label="Password" error={fieldErrors.password}>
        <Input
          {...field("password")}
          type="password"
          autoComplete="new-password"
          required
          aria-describedby={fieldErrors.password ? "password-error password-strength" : "password-strength"}
        />
        <PasswordMeter id="password-strength" strength={strength} />
      </Field>
      <Field id="setupCode" label="Setup code" error={fieldErrors.setupCode} hint="Printed in the server's log when Tollgate started.">
        <Input {...field("setupCode", "hint")} autoComplete="off" spellCheck={false} className="font-mono" required />
      </Field>
      <FormError message={error} />
      {alreadySetUp && (
        <p className="text-sm">
          <Link href="/login" className="font-medium text-brand-700 underline">
            Go to sign-in
          </Link>
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
