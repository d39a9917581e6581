"use client";

import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { DialogForm } from "@/components/ui/dialog-form";
import { describedBy, Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Sheet } from "@/components/ui/sheet";
import { parsePolicyJson } from "@/lib/policy";
import { createRoleAction, updateRoleAction } from "./actions";
import { NEW_ROLE_POLICY, PolicyEditor } from "./policy-editor";
import type { RoleRowData } from "./view-model";

const SHOWN_FIELDS = ["key", "name", "description", "policy"];

type Draft = { key: string; name: string; description: string; policyJson: string };

/** A key suggested from the name until the key is typed in: "Project editors" → "project-editors". */
function keyFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "")
    .slice(0, 64);
}

const textareaClasses =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-[invalid=true]:border-red-500";

/** Creates a role, or edits one (`role` given: the key is its identity and stays read-only). */
export function RolePanel({ role, open, onClose }: { role: RoleRowData | null; open: boolean; onClose: () => void }) {
  const id = useId();
  const editing = role !== null;
  const initial: Draft = role
    ? { key: role.key, name: role.name, description: role.description, policyJson: role.policyJson }
    : { key: "", name: "", description: "", policyJson: NEW_ROLE_POLICY };
  const [draft, setDraft] = useState(initial);
  const [keyTouched, setKeyTouched] = useState(editing);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function close() {
    setDraft(initial);
    setKeyTouched(editing);
    setErrors({});
    setFormError(null);
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!draft.key.trim()) local.key = "Enter a key";
    if (!draft.name.trim()) local.name = "Enter a name";
    // The editor already lists the policy's problems; saving waits until there are none.
    if (!parsePolicyJson(draft.policyJson).ok) local.policy = "";
    setErrors(Object.fromEntries(Object.entries(local).filter(([, m]) => m)));
    setFormError(Object.keys(local).length ? "Fix the problems shown before saving" : null);
    if (Object.keys(local).length) {
      document.getElementById(local.key ? `${id}-key` : local.name ? `${id}-name` : `${id}-policy`)?.focus();
      return;
    }
    start(async () => {
      const result = editing
        ? await updateRoleAction({ key: role.key, name: draft.name, description: draft.description, policyJson: draft.policyJson })
        : await createRoleAction(draft);
      if (!result.ok) {
        const fieldErrors = result.fieldErrors ?? {};
        setErrors(fieldErrors);
        // Said once: beside the field when the form has one for it, else above the buttons.
        setFormError(SHOWN_FIELDS.some((field) => fieldErrors[field]) ? null : result.error);
        return;
      }
      toast.success(editing ? `Saved “${result.data.name}”` : `Created “${result.data.name}”`);
      close();
    });
  }

  return (
    <Sheet
      open={open}
      onOpenChange={(next) => !next && close()}
      title={editing ? "Edit role" : "Create a role"}
      description={editing ? "Changes apply to every member and token with this role from their next request." : "A named policy you can give to members and tokens."}
    >
      <DialogForm onSubmit={submit} onCancel={close} pending={pending} error={formError} submitLabel="Save role" pendingLabel="Saving…" inSheet noValidate>
        <Field id={`${id}-name`} label="Name" error={errors.name}>
          <Input
            id={`${id}-name`}
            value={draft.name}
            maxLength={100}
            autoComplete="off"
            required
            {...describedBy(`${id}-name`, errors.name)}
            onChange={(e) => setDraft({ ...draft, name: e.target.value, key: keyTouched ? draft.key : keyFromName(e.target.value) })}
          />
        </Field>
        <Field
          id={`${id}-key`}
          label="Key"
          error={errors.key}
          hint={editing ? "The key names the role in policies (role/<key>) and can’t be changed." : "Lower-case letters, digits, “.”, “_” and “-”. Policies name the role by it (role/<key>); it can’t be changed later."}
        >
          <Input
            id={`${id}-key`}
            value={draft.key}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            readOnly={editing}
            required
            className={`font-mono ${editing ? "bg-slate-50 text-slate-600" : ""}`}
            {...describedBy(`${id}-key`, errors.key, true)}
            onChange={(e) => {
              setKeyTouched(true);
              setDraft({ ...draft, key: e.target.value });
            }}
          />
        </Field>
        <Field id={`${id}-description`} label="Description" optional error={errors.description}>
          <textarea
            id={`${id}-description`}
            value={draft.description}
            rows={2}
            maxLength={1000}
            className={textareaClasses}
            {...describedBy(`${id}-description`, errors.description)}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </Field>
        <PolicyEditor
          id={`${id}-policy`}
          value={draft.policyJson}
          serverError={errors.policy}
          onChange={(policyJson) => {
            setDraft({ ...draft, policyJson });
            if (errors.policy) setErrors({ ...errors, policy: "" });
          }}
        />
      </DialogForm>
    </Sheet>
  );
}
