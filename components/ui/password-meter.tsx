"use client";

import { useEffect, useState } from "react";
import type { PasswordStrength } from "@/lib/passwords/strength";

type Judge = (password: string, personal: readonly string[]) => PasswordStrength;

const LABELS = ["Too weak", "Weak", "Fair", "Strong", "Very strong"] as const;
const COLOURS = ["bg-red-600", "bg-red-600", "bg-amber-500", "bg-emerald-600", "bg-emerald-700"] as const;

/**
 * The password rule (lib/passwords, zxcvbn), loaded once the form is on screen — its dictionaries
 * are large, and the page must not wait for them. Until it has loaded, the meter stays empty and
 * the server's check (the same rule) still decides.
 */
export function usePasswordJudge(): Judge | null {
  const [judge, setJudge] = useState<Judge | null>(null);
  useEffect(() => {
    let live = true;
    void import("@/lib/passwords/strength")
      .then((rule) => rule.passwordJudge())
      .then((passwordJudge) => {
        if (live) setJudge(() => passwordJudge);
      });
    return () => {
      live = false;
    };
  }, []);
  return judge;
}

/**
 * How strong the password being typed is: zxcvbn's score as a bar and a word, and what is wrong
 * with it while it would be refused. Announced politely to screen readers.
 */
export function PasswordMeter({ id, strength }: { id: string; strength: PasswordStrength | null }) {
  const score = strength?.score ?? 0;
  const accepted = strength !== null && strength.problem === null;
  return (
    <div id={id} className="mt-2" aria-live="polite">
      <div className="flex gap-1" aria-hidden>
        {LABELS.map((_, i) => (
          <span key={i} className={`h-1.5 flex-1 rounded-full ${strength && i <= score ? COLOURS[score] : "bg-slate-200"}`} />
        ))}
      </div>
      {strength && (
        <p className={`mt-1 text-xs ${accepted ? "text-emerald-800" : "text-slate-700"}`}>
          <span className="font-medium">Strength: {LABELS[score]}.</span> {accepted ? "Good to use." : strength.problem}
        </p>
      )}
    </div>
  );
}
