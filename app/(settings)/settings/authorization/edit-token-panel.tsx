"use client";

import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { DialogForm } from "@/components/ui/dialog-form";
import { Sheet } from "@/components/ui/sheet";
import { updateTokenAction } from "./actions";
import { PermissionFields, permissionError, permissionPayload, type PermissionDraft } from "./permission-fields";
import { BasicsFields, dateInputValue, expiresAtFromDate, type BasicsDraft } from "./token-form-fields";
import type { CreateOptions, TokenRowData } from "./view-model";

function draftOf(token: TokenRowData): PermissionDraft {
  const p = token.permission;
  return {
    kind: p.kind,
    role: p.kind === "role" ? p.role : "reader",
    customRoleIds: p.kind === "customRoles" ? p.roles.map((r) => r.id) : [],
    policyJson: p.kind === "inline" ? p.policyJson : "",
  };
}

export function EditTokenPanel({ token, options, onClose }: { token: TokenRowData; options: CreateOptions; onClose: () => void }) {
  const initialBasics: BasicsDraft = {
    name: token.name,
    description: token.description,
    apiVersion: token.defaultApiVersion,
    expiresOn: dateInputValue(token.expiresAt),
  };
  const initialPermission = draftOf(token);
  const [basics, setBasics] = useState(initialBasics);
  const [permission, setPermission] = useState(initialPermission);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!basics.name.trim()) local.name = "Give the token a name";
    const permissionChanged = JSON.stringify(permission) !== JSON.stringify(initialPermission);
    const problem = permissionChanged ? permissionError(permission) : null;
    if (problem) local[problem.field] = problem.message;
    setErrors(local);
    if (Object.keys(local).length) return;
    // Only what changed is sent: each field is its own permission (updateAccessTokenName, …).
    const changes: Record<string, unknown> = { tokenId: token.id };
    if (basics.name !== initialBasics.name) changes.name = basics.name;
    if (basics.description !== initialBasics.description) changes.description = basics.description;
    if (basics.apiVersion !== initialBasics.apiVersion) changes.defaultApiVersion = basics.apiVersion;
    if (basics.expiresOn !== initialBasics.expiresOn) changes.expiresAt = expiresAtFromDate(basics.expiresOn);
    if (permissionChanged) changes.permission = permissionPayload(permission);
    if (Object.keys(changes).length === 1) return onClose();
    start(async () => {
      const result = await updateTokenAction(changes);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      toast.success(`Saved “${result.data.name}”`);
      onClose();
    });
  }

  return (
    <Sheet open onOpenChange={(o) => !o && onClose()} title="Edit access token" description={token.serviceToken ? "Service token" : `Personal token of ${token.member.name}`}>
      <DialogForm onSubmit={submit} onCancel={onClose} pending={pending} error={formError} submitLabel="Save changes" pendingLabel="Saving…" inSheet noValidate>
        <BasicsFields idPrefix="edit" draft={basics} onChange={setBasics} apiVersions={options.apiVersions} errors={errors}>
          {token.abilities.editPermission ? (
            <PermissionFields draft={permission} onChange={setPermission} grantableRoles={options.grantableRoles} customRoles={options.customRoles} errors={errors} />
          ) : (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">
              {token.serviceToken ? "A service token’s role is fixed when it is created." : "You can’t change this token’s role."}
            </p>
          )}
        </BasicsFields>
      </DialogForm>
    </Sheet>
  );
}
