"use client";

import { OneTimeReveal } from "@/components/ui/one-time-reveal";
import type { LinkReveal } from "./actions";

/**
 * A member's set-password link, shown once to whoever issued it. The member chooses their own
 * password through it; nobody who sees this link learns that password.
 */
export function SetPasswordLink({ reveal, onDone }: { reveal: LinkReveal; onDone: () => void }) {
  const { email, setPasswordUrl, emailed, purpose } = reveal;
  return (
    <OneTimeReveal
      value={setPasswordUrl}
      label={`Set-password link for ${email}`}
      what="link"
      testId="set-password-link"
      onDone={onDone}
      warning={
        <>
          <p className="font-medium">
            {emailed ? `We emailed this link to ${email}. ` : ""}
            Copy this link now{emailed ? " if you want to pass it on yourself" : ` and pass it on to ${email} over a channel you trust`}. You won’t be able to see it again.
          </p>
          <p className="mt-1">
            {purpose === "invite" ? "They open it to choose their own password and sign in." : "They open it to choose a new password; their old one no longer works."}{" "}
            It works once and expires in 7 days.
          </p>
        </>
      }
    />
  );
}
