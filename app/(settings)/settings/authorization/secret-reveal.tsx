"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/**
 * The one place a secret is shown. It lives only in this component's props (client memory):
 * never in a URL, a cookie or a server render, so a reload shows the obscured form.
 */
export function SecretReveal({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const copyRef = useRef<HTMLButtonElement>(null);

  // Keyboard users land on Copy, the one thing to do next.
  useEffect(() => copyRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success("Token copied to the clipboard");
    } catch {
      inputRef.current?.select();
      toast.error("Could not copy automatically. The token is selected: press Ctrl+C (⌘C) to copy it.");
    }
  }

  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="secret-reveal">
      <p className="font-medium text-amber-900">
        Copy this token now. You won’t be able to see it again after you leave or reload this page.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          ref={inputRef}
          readOnly
          value={secret}
          aria-label={`Secret of ${name}`}
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
