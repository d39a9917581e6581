"use client";

import { useMemo } from "react";
import { ALL_ACTIONS, parsePolicyJson, summarizePolicy, type PolicyError } from "@/lib/policy";

export const NEW_ROLE_POLICY = JSON.stringify([{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }], null, 2);

/** The editor's text checked as the server will check it (the server checks again on save). */
export function usePolicyCheck(text: string) {
  return useMemo(() => parsePolicyJson(text), [text]);
}

function where(error: PolicyError): string | null {
  if (error.statement === null) return null;
  return `Statement ${error.statement + 1}${error.field ? ` · ${error.field}` : ""}`;
}

/**
 * A JSON policy editor with live validation: each problem names its statement and field, and a
 * valid policy is summarised in words ("Allows … on …"), one line per statement.
 */
export function PolicyEditor({
  id,
  value,
  onChange,
  serverError,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** The server's answer to the last save, shown until the text changes. */
  serverError?: string;
}) {
  const check = usePolicyCheck(value);
  const errors = check.ok ? [] : check.errors;
  const invalid = errors.length > 0 || Boolean(serverError);
  const describedBy = [invalid ? `${id}-errors` : `${id}-summary`, `${id}-hint`].join(" ");

  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">Policy</label>
      <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500">
        A JSON list of statements, each with <code>effect</code> (allow or deny), <code>actions</code> or <code>notActions</code>, and{" "}
        <code>resources</code> or <code>notResources</code>. Any matching deny wins over an allow.
      </p>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={12}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs leading-5 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-[invalid=true]:border-red-500"
      />
      <div aria-live="polite">
        {invalid ? (
          <ul id={`${id}-errors`} aria-label="Problems in the policy" className="mt-2 space-y-1 text-xs text-red-700">
            {errors.map((error, i) => (
              <li key={i}>
                {where(error) && <span className="mr-1.5 rounded bg-red-50 px-1 font-medium">{where(error)}</span>}
                {error.message}
              </li>
            ))}
            {errors.length === 0 && serverError && <li className="whitespace-pre-line">{serverError}</li>}
          </ul>
        ) : check.ok ? (
          <ul id={`${id}-summary`} aria-label="What this policy does" className="mt-2 list-disc space-y-0.5 pl-5 text-xs text-slate-700">
            {summarizePolicy(check.policy).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <details className="mt-2 text-xs text-slate-600">
        <summary className="cursor-pointer select-none font-medium text-slate-700">Actions and resources</summary>
        <p className="mt-1">
          Actions: {ALL_ACTIONS.map((action, i) => (
            <span key={action}>{i > 0 && ", "}<code>{action}</code></span>
          ))}
          {" "}(or patterns such as <code>update*</code>).
        </p>
        <p className="mt-1">
          Resources: <code>proj/&lt;key&gt;</code>, <code>role/&lt;key&gt;</code>, <code>member/&lt;id&gt;</code>,{" "}
          <code>member/&lt;id&gt;:token/&lt;name&gt;</code>, <code>service-token/&lt;name&gt;</code>; <code>*</code> matches any text,
          and <code>proj/*;mobile</code> selects projects by tag.
        </p>
        <p className="mt-1">
          LaunchDarkly&apos;s other actions and resources (flags, environments, <code>acct</code>, …) are accepted, so a
          policy written for LaunchDarkly can be pasted as it is, but they allow or deny nothing here.
        </p>
      </details>
    </div>
  );
}
