"use client";

import { OneTimeReveal } from "@/components/ui/one-time-reveal";

export function SecretReveal({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  return (
    <OneTimeReveal
      value={secret}
      label={`Secret of ${name}`}
      what="token"
      testId="secret-reveal"
      onDone={onDone}
      warning={<p className="font-medium">Copy this token now. You won’t be able to see it again after you leave or reload this page.</p>}
    />
  );
}
