"use client";

import { OneTimeReveal } from "@/components/ui/one-time-reveal";

export function OneTimePassword({ email, password, onDone }: { email: string; password: string; onDone: () => void }) {
  return (
    <OneTimeReveal
      value={password}
      label={`One-time password of ${email}`}
      what="password"
      testId="one-time-password"
      onDone={onDone}
      warning={
        <>
          <p className="font-medium">
            Copy this one-time password now and pass it on to {email} over a channel you trust. You won’t be able to see it again.
          </p>
          <p className="mt-1">They sign in with their email address and this password.</p>
        </>
      }
    />
  );
}
