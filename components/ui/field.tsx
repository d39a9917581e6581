import type { ReactNode } from "react";
import { Input } from "./input";

/** A labelled form control with an optional hint and error, wired up for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  optional,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {optional && <span className="ml-1 font-normal text-slate-500">(optional)</span>}
      </label>
      <div className="mt-1">{children}</div>
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** aria-describedby / aria-invalid for the control inside a Field. */
export function describedBy(id: string, error?: string, hint?: unknown) {
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  } as const;
}

/**
 * A password typed in full with no strength meter: the current one, or a new one again to confirm
 * it (a password someone chooses is a NewPasswordField).
 */
export function PasswordField({
  id,
  label,
  autoComplete,
  value,
  onChange,
  maxLength,
  error,
}: {
  id: string;
  label: string;
  autoComplete: "current-password" | "new-password";
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  error?: string;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <Input
        id={id}
        type="password"
        autoComplete={autoComplete}
        required
        value={value}
        maxLength={maxLength}
        onChange={(e) => onChange(e.target.value)}
        {...describedBy(id, error)}
      />
    </Field>
  );
}
