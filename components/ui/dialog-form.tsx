"use client";

import type { FormEvent, ReactNode } from "react";
import { Button } from "./button";
import { FormError } from "./form-error";

/**
 * The form inside a Modal or a Sheet: its fields, then the refused change's message, then Cancel and
 * the submit button, which says `pendingLabel` while the action runs. In a sheet the form is padded
 * and the buttons sit under a rule.
 */
export function DialogForm({
  onSubmit,
  onCancel,
  pending,
  error,
  submitLabel,
  pendingLabel,
  disabled = false,
  danger = false,
  inSheet = false,
  noValidate = false,
  busy = pending,
  className = "",
  children,
}: {
  onSubmit: (event: FormEvent) => void;
  onCancel: () => void;
  pending: boolean;
  error: string | null;
  submitLabel: string;
  pendingLabel: string;
  disabled?: boolean;
  danger?: boolean;
  inSheet?: boolean;
  noValidate?: boolean;
  busy?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  const layout = inSheet ? "space-y-5 px-6 py-5" : "space-y-4";
  return (
    <form onSubmit={onSubmit} className={className ? `${layout} ${className}` : layout} noValidate={noValidate} aria-busy={busy}>
      {children}
      <FormError message={error} />
      <div className={inSheet ? "flex justify-end gap-2 border-t border-slate-200 pt-4" : "flex justify-end gap-2"}>
        <Button variant="secondary" onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant={danger ? "danger" : "primary"} disabled={pending || disabled}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </div>
    </form>
  );
}
