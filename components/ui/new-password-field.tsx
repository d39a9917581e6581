"use client";

import { useEffect, useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { PasswordStrength } from "@/lib/passwords/strength";

const LABELS = ["Too weak", "Weak", "Fair", "Strong", "Very strong"];
const COLOURS = ["bg-red-500", "bg-red-500", "bg-amber-500", "bg-emerald-500", "bg-emerald-600"];

/**
 * A field for a password someone chooses, with a strength meter that applies the server's rule
 * (lib/passwords/strength.ts, loaded on first use: its dictionaries are large). The meter is a
 * guide; the server checks again before saving anything.
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
  const [strength, setStrength] = useState<PasswordStrength | null>(null);
  const personalKey = personal.join("\n");

  useEffect(() => {
    if (!value) return;
    let current = true;
    void import("@/lib/passwords/strength").then(({ passwordStrength }) => {
      if (current) setStrength(passwordStrength(value, personalKey.split("\n")));
    });
    return () => {
      current = false;
    };
  }, [value, personalKey]);

  const shown = value ? strength : null;
  const score = shown?.score ?? 0;
  const describedBy = [`${id}-strength`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <Field id={id} label={label} error={error}>
      <Input
        id={id}
        type="password"
        autoComplete="new-password"
        required
        value={value}
        maxLength={200}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="mt-2 flex gap-1" aria-hidden>
        {[0, 1, 2, 3].map((i) => (
          <span key={i} className={`h-1.5 flex-1 rounded ${shown && score > i ? COLOURS[score] : "bg-slate-200"}`} />
        ))}
      </div>
      <p id={`${id}-strength`} className="mt-1 text-xs text-slate-600" aria-live="polite">
        {shown ? (
          <>
            <span className="font-medium">{LABELS[score]}.</span> {shown.problem ?? "Good: this password is hard to guess."}
          </>
        ) : (
          "At least 10 characters. A passphrase of several unrelated words is easy to remember and hard to guess."
        )}
      </p>
    </Field>
  );
}
