"use client";

import { useId, useMemo } from "react";
import { describedBy, Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { parsePolicyJson, summarizePolicy, type BuiltInRole } from "@/lib/policy";
import { ROLE_LABELS } from "@/components/format";

export type PermissionDraft = { kind: "role" | "customRoles" | "inline"; role: BuiltInRole; customRoleIds: string[]; policyJson: string };

export const INLINE_POLICY_TEMPLATE = JSON.stringify(
  [{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }],
  null,
  2,
);

/** The shape the server actions take (the inline policy travels as text and is parsed there too). */
export function permissionPayload(draft: PermissionDraft) {
  if (draft.kind === "role") return { kind: "role" as const, role: draft.role };
  if (draft.kind === "customRoles") return { kind: "customRoles" as const, customRoleIds: draft.customRoleIds };
  return { kind: "inline" as const, policyJson: draft.policyJson };
}

/** Client-side check before saving; the server checks again (it is the one that counts). */
export function permissionError(draft: PermissionDraft): { field: string; message: string } | null {
  if (draft.kind === "customRoles" && draft.customRoleIds.length === 0) return { field: "customRoleIds", message: "Choose at least one custom role" };
  if (draft.kind === "inline") {
    const parsed = parsePolicyJson(draft.policyJson);
    if (!parsed.ok) return { field: "inlineRole", message: parsed.errors.map((e) => e.message).join(" ") };
  }
  return null;
}

export function PermissionFields({
  draft,
  onChange,
  grantableRoles,
  customRoles,
  errors,
}: {
  draft: PermissionDraft;
  onChange: (draft: PermissionDraft) => void;
  grantableRoles: BuiltInRole[];
  customRoles: { id: string; key: string; name: string; description: string }[];
  errors: Record<string, string>;
}) {
  const id = useId();
  const selectValue = draft.kind === "role" ? draft.role : draft.kind === "customRoles" ? "custom" : "inline";
  const roleOptions = grantableRoles.includes(draft.role) ? grantableRoles : [...grantableRoles, draft.role];
  const inline = useMemo(() => (draft.kind === "inline" ? parsePolicyJson(draft.policyJson) : null), [draft.kind, draft.policyJson]);
  const inlineError = errors.inlineRole ?? (inline && !inline.ok ? inline.errors.map((e) => e.message).join(" ") : undefined);

  return (
    <div className="space-y-4">
      <Field id={`${id}-role`} label="Role" error={errors.role} hint="The token can never do more than you can.">
        <Select
          id={`${id}-role`}
          value={selectValue}
          {...describedBy(`${id}-role`, errors.role, true)}
          onChange={(e) => {
            const v = e.target.value;
            if (v === "custom") onChange({ ...draft, kind: "customRoles" });
            else if (v === "inline") onChange({ ...draft, kind: "inline", policyJson: draft.policyJson || INLINE_POLICY_TEMPLATE });
            else onChange({ ...draft, kind: "role", role: v as BuiltInRole });
          }}
        >
          {roleOptions.map((role) => (
            <option key={role} value={role} disabled={!grantableRoles.includes(role)}>
              {ROLE_LABELS[role]}
            </option>
          ))}
          <option value="custom">Custom</option>
          <option value="inline">Inline policy</option>
        </Select>
      </Field>

      {draft.kind === "customRoles" && (
        <fieldset aria-describedby={errors.customRoleIds ? `${id}-custom-error` : undefined}>
          <legend className="text-sm font-medium text-slate-800">Custom roles</legend>
          {customRoles.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">There are no custom roles yet. Admins create them on the Roles page.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {customRoles.map((role) => (
                <li key={role.id} className="flex items-start gap-2">
                  <input
                    id={`${id}-cr-${role.id}`}
                    type="checkbox"
                    className="mt-0.5 h-4 w-4 rounded border-slate-300"
                    checked={draft.customRoleIds.includes(role.id)}
                    onChange={(e) =>
                      onChange({
                        ...draft,
                        customRoleIds: e.target.checked ? [...draft.customRoleIds, role.id] : draft.customRoleIds.filter((r) => r !== role.id),
                      })
                    }
                  />
                  <label htmlFor={`${id}-cr-${role.id}`} className="text-sm">
                    <span className="font-medium">{role.name}</span> <code className="text-xs text-slate-500">{role.key}</code>
                    {role.description && <span className="block text-xs text-slate-500">{role.description}</span>}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {errors.customRoleIds && (
            <p id={`${id}-custom-error`} className="mt-1 text-xs text-red-700">
              {errors.customRoleIds}
            </p>
          )}
        </fieldset>
      )}

      {draft.kind === "inline" && (
        <Field id={`${id}-policy`} label="Inline policy" error={inlineError} hint="A JSON list of statements: effect, actions or notActions, resources or notResources.">
          <textarea
            id={`${id}-policy`}
            value={draft.policyJson}
            onChange={(e) => onChange({ ...draft, policyJson: e.target.value })}
            rows={10}
            spellCheck={false}
            {...describedBy(`${id}-policy`, inlineError, true)}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-[invalid=true]:border-red-500"
          />
          {inline?.ok && (
            <ul aria-label="What this policy does" className="mt-2 list-disc space-y-0.5 pl-5 text-xs text-slate-600">
              {summarizePolicy(inline.policy).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </Field>
      )}
    </div>
  );
}
