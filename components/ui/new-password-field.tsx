"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PasswordMeter, usePasswordJudge } from "./password-meter";

/**
 * A field for a password someone chooses, with the strength meter (password-meter.tsx, the
 * server's rule loaded on first use). The meter is a guide; the server checks again before saving.
 */
export function NewPasswordField({
  id,
  label,
  value,
  onChange,
  personal,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The person's own details, which make a password easy to guess for those who know them. */
  personal: string[];
  error?: string;
}) {
  const judge = usePasswordJudge();
  const strength = judge && value ? judge(value, personal) : null;
  const describedBy = [`${id}-strength`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <Field
      id={id}
      label={label}
      error={error}
      hint={value ? undefined : "At least 10 characters. A passphrase of several unrelated words is easy to remember and hard to guess."}
    >
      <Input
        id={id}
        type="password"
        autoComplete="new-password"
        required
        value={value}
        // PASSWORD_MAX_LENGTH (lib/passwords/strength.ts), written out: importing it would load
        // the rule's dictionaries with the page instead of on first use.
        maxLength={200}
        aria-invalid={error ? true : undefined}
        aria-describedby={value ? describedBy : error ? `${id}-error` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <PasswordMeter id={`${id}-strength`} strength={strength} />
    </Field>
  );
}
