"use client";

import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { DialogForm } from "@/components/ui/dialog-form";
import { describedBy, Field } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import { Select } from "@/components/ui/select";
import type { BuiltInRole } from "@/lib/policy";
import { ROLE_LABELS } from "@/components/format";
import { updateMemberRolesAction } from "./actions";
import { fieldErrorsBesides } from "@/components/ui/form-error";
import type { MemberOptions, MemberRowData } from "./view-model";

const ROLE_HINTS: Record<BuiltInRole, string> = {
  no_access: "No access: they can look at everything but change nothing, not even their own tokens, beyond what custom roles allow.",
  reader: "Readers can look at everything and manage only their own tokens.",
  writer: "Writers can also create and update projects.",
  admin: "Admins can do everything except manage owners.",
  owner: "Owners can do everything, including managing other owners.",
};

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

export function ChangeRoleDialog({ member, options, onClose }: { member: MemberRowData; options: MemberOptions; onClose: () => void }) {
  const id = useId();
  const initialCustom = member.customRoles.map((r) => r.id);
  const [role, setRole] = useState<BuiltInRole>(member.role);
  const [customRoleIds, setCustomRoleIds] = useState<string[]>(initialCustom);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();
  const label = member.name ? `${member.name} (${member.email})` : member.email;
  // Only the roles the viewer may grant; the current one stays visible even if it isn't.
  const roleChoices = options.grantableRoles.includes(member.role) ? options.grantableRoles : [...options.grantableRoles, member.role];
  const changed = role !== member.role || !sameSet(customRoleIds, initialCustom);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!changed) return onClose();
    start(async () => {
      const result = await updateMemberRolesAction({
        memberId: member.id,
        role,
        ...(options.canAssignCustomRoles ? { customRoleIds } : {}),
      });
      if (!result.ok) {
        setError(result.error);
        setFieldErrors(fieldErrorsBesides(result.fieldErrors, result.error));
        return;
      }
      toast.success(`Updated the roles of ${result.data.email}`);
      onClose();
    });
  }

  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title="Change role" description={`Roles of ${label}. Their personal tokens follow from their next request.`}>
      <DialogForm onSubmit={submit} onCancel={onClose} pending={pending} error={error} submitLabel="Save roles" pendingLabel="Saving…" noValidate>
        <Field id={`${id}-role`} label="Role" error={fieldErrors.role} hint={ROLE_HINTS[role]}>
          <Select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as BuiltInRole)} {...describedBy(`${id}-role`, fieldErrors.role, true)}>
            {roleChoices.map((choice) => (
              <option key={choice} value={choice} disabled={!options.grantableRoles.includes(choice)}>
                {ROLE_LABELS[choice]}
              </option>
            ))}
          </Select>
        </Field>
        {member.isSelf && role !== member.role && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">This is your own role: you may lose access to some of these settings.</p>
        )}
        {options.canAssignCustomRoles && (
          <fieldset aria-describedby={fieldErrors.customRoleIds ? `${id}-custom-error` : `${id}-custom-hint`}>
            <legend className="text-sm font-medium text-slate-800">Custom roles</legend>
            <p id={`${id}-custom-hint`} className="text-xs text-slate-500">Added to the built-in role; a deny in any of them wins.</p>
            {options.customRoles.length === 0 ? (
              <p className="mt-1 text-sm text-slate-600">There are no custom roles yet. Create them on the Roles page.</p>
            ) : (
              <ul className="mt-2 max-h-56 space-y-2 overflow-y-auto">
                {options.customRoles.map((custom) => (
                  <li key={custom.id} className="flex items-start gap-2">
                    <input
                      id={`${id}-cr-${custom.id}`}
                      type="checkbox"
                      className="mt-0.5 h-4 w-4 rounded border-slate-300"
                      checked={customRoleIds.includes(custom.id)}
                      onChange={(e) => setCustomRoleIds(e.target.checked ? [...customRoleIds, custom.id] : customRoleIds.filter((r) => r !== custom.id))}
                    />
                    <label htmlFor={`${id}-cr-${custom.id}`} className="text-sm">
                      <span className="font-medium">{custom.name}</span> <code className="text-xs text-slate-500">{custom.key}</code>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {fieldErrors.customRoleIds && (
              <p id={`${id}-custom-error`} className="mt-1 text-xs text-red-700">{fieldErrors.customRoleIds}</p>
            )}
          </fieldset>
        )}
      </DialogForm>
    </Modal>
  );
}
