"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/**
 * The one place a one-time password is shown. Like a token's secret it lives only in client
 * memory (this component's props): never in a URL, a cookie or a server render.
 */
export function OneTimePassword({ email, password, onDone }: { email: string; password: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const copyRef = useRef<HTMLButtonElement>(null);

  // Keyboard users land on Copy, the one thing to do next.
  useEffect(() => copyRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
      toast.success("Password copied to the clipboard");
    } catch {
      inputRef.current?.select();
      toast.error("Could not copy automatically. The password is selected: press Ctrl+C (⌘C) to copy it.");
    }
  }

  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="one-time-password">
      <p className="font-medium text-amber-900">
        Copy this one-time password now and pass it on to {email} over a channel you trust. You won’t be able to see it again.
      </p>
      <p className="mt-1 text-amber-900">They sign in with their email address and this password.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          ref={inputRef}
          readOnly
          value={password}
          aria-label={`One-time password of ${email}`}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-amber-300 bg-white px-2 py-1.5 font-mono text-xs text-slate-900"
          spellCheck={false}
          autoComplete="off"
        />
        <Button ref={copyRef} variant="primary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
