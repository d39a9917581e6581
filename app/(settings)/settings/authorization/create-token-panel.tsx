"use client";

import { useState, useTransition, type FormEvent } from "react";
import { DialogForm } from "@/components/ui/dialog-form";
import { Sheet } from "@/components/ui/sheet";
import { createTokenAction, type Revealed } from "./actions";
import { PermissionFields, permissionError, permissionPayload, type PermissionDraft } from "./permission-fields";
import { BasicsFields, expiresAtFromDate, type BasicsDraft } from "./token-form-fields";
import type { CreateOptions } from "./view-model";

export function CreateTokenPanel({
  open,
  onOpenChange,
  options,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  options: CreateOptions;
  onCreated: (revealed: Revealed) => void;
}) {
  const initialBasics: BasicsDraft = { name: "", description: "", apiVersion: options.apiVersions[0] ?? 20240415, expiresOn: "" };
  const initialPermission: PermissionDraft = { kind: "role", role: options.grantableRoles[0] ?? "reader", customRoleIds: [], policyJson: "" };
  const [basics, setBasics] = useState(initialBasics);
  const [permission, setPermission] = useState(initialPermission);
  const [serviceToken, setServiceToken] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { allowed: mayCreateService, used, limit } = options.serviceTokens;
  const atLimit = used >= limit;

  function reset() {
    setBasics(initialBasics);
    setPermission(initialPermission);
    setServiceToken(false);
    setErrors({});
    setFormError(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!basics.name.trim()) local.name = "Give the token a name";
    const policyProblem = permissionError(permission);
    if (policyProblem) local[policyProblem.field] = policyProblem.message;
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;
    startTransition(async () => {
      const result = await createTokenAction({
        name: basics.name,
        description: basics.description,
        permission: permissionPayload(permission),
        serviceToken,
        defaultApiVersion: basics.apiVersion,
        expiresAt: expiresAtFromDate(basics.expiresOn),
      });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      reset();
      onCreated(result.data);
    });
  }

  return (
    <Sheet
      open={open}
      onOpenChange={(next) => {
        if (!next) reset();
        onOpenChange(next);
      }}
      title="Create an access token"
      description="The token’s value is shown once, right after you save it."
    >
      <DialogForm onSubmit={onSubmit} onCancel={() => onOpenChange(false)} pending={pending} error={formError} submitLabel="Save token" pendingLabel="Saving…" inSheet noValidate>
        <BasicsFields idPrefix="create" draft={basics} onChange={setBasics} apiVersions={options.apiVersions} errors={errors}>
          <PermissionFields draft={permission} onChange={setPermission} grantableRoles={options.grantableRoles} customRoles={options.customRoles} errors={errors} />
        </BasicsFields>
        {mayCreateService && (
          <div>
            <div className="flex items-start gap-2">
              <input
                id="create-service"
                type="checkbox"
                className="mt-0.5 h-4 w-4 rounded border-slate-300"
                checked={serviceToken}
                disabled={atLimit && !serviceToken}
                aria-describedby="create-service-hint"
                onChange={(e) => setServiceToken(e.target.checked)}
              />
              <label htmlFor="create-service" className="text-sm font-medium text-slate-800">
                This is a service token
              </label>
            </div>
            <p id="create-service-hint" className="mt-1 pl-6 text-xs text-slate-500">
              {atLimit
                ? `Your account has reached its limit of ${limit} service tokens. Delete one to create another.`
                : `Service tokens belong to the account, not to you: they keep working if you leave, and their role can’t be changed later. ${used} of ${limit} used.`}
            </p>
            {errors.serviceToken && <p className="mt-1 pl-6 text-xs text-red-700">{errors.serviceToken}</p>}
          </div>
        )}
      </DialogForm>
    </Sheet>
  );
}
