"use client";

import { useState } from "react";
import { describedBy, Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { apiVersionLabel } from "@/components/format";

/** Name, description, API version and expiration: the fields create and edit share. */
export type BasicsDraft = { name: string; description: string; apiVersion: number; expiresOn: string };

/** "YYYY-MM-DD" picked in the browser → the end of that day, local time, as ISO. */
export function expiresAtFromDate(day: string): string | null {
  if (!day) return null;
  const end = new Date(`${day}T23:59:59`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

export function dateInputValue(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function BasicsFields({
  idPrefix,
  draft,
  onChange,
  apiVersions,
  errors,
  children,
}: {
  children?: React.ReactNode;
  idPrefix: string;
  draft: BasicsDraft;
  onChange: (draft: BasicsDraft) => void;
  apiVersions: number[];
  errors: Record<string, string>;
}) {
  // Read the clock once per mount, not on every render.
  const [tomorrow] = useState(() => dateInputValue(new Date(Date.now() + 86_400_000).toISOString()));
  return (
    <>
      <Field id={`${idPrefix}-name`} label="Name" error={errors.name}>
        <Input
          id={`${idPrefix}-name`}
          value={draft.name}
          maxLength={100}
          required
          autoComplete="off"
          {...describedBy(`${idPrefix}-name`, errors.name)}
          onChange={(e) => onChange({ ...draft, name: e.target.value })}
        />
      </Field>
      <Field id={`${idPrefix}-description`} label="Description" optional error={errors.description}>
        <textarea
          id={`${idPrefix}-description`}
          value={draft.description}
          maxLength={1000}
          rows={2}
          {...describedBy(`${idPrefix}-description`, errors.description)}
          onChange={(e) => onChange({ ...draft, description: e.target.value })}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
        />
      </Field>
      {children}
      <Field id={`${idPrefix}-version`} label="API version" error={errors.defaultApiVersion} hint="Requests with this token use this version unless they send an LD-API-Version header.">
        <Select
          id={`${idPrefix}-version`}
          value={draft.apiVersion}
          {...describedBy(`${idPrefix}-version`, errors.defaultApiVersion, true)}
          onChange={(e) => onChange({ ...draft, apiVersion: Number(e.target.value) })}
        >
          {apiVersions.map((v, i) => (
            <option key={v} value={v}>
              {apiVersionLabel(v)}
              {i === 0 ? " (latest)" : ""}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={`${idPrefix}-expires`} label="Expiration date" optional error={errors.expiresAt} hint="The token stops working at the end of this day. Leave empty for no expiry.">
        <Input
          id={`${idPrefix}-expires`}
          type="date"
          min={tomorrow}
          value={draft.expiresOn}
          {...describedBy(`${idPrefix}-expires`, errors.expiresAt, true)}
          onChange={(e) => onChange({ ...draft, expiresOn: e.target.value })}
        />
      </Field>
    </>
  );
}
