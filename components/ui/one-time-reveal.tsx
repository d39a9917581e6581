"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/**
 * The one place a one-time value (a token's secret, a set-password link) is shown. It
 * lives only in this component's props — client memory — never in a URL, a cookie or a server
 * render, so leaving or reloading the page shows it no more.
 */
export function OneTimeReveal({
  value,
  label,
  what,
  warning,
  onDone,
  testId,
}: {
  value: string;
  /** Accessible name of the field holding the value. */
  label: string;
  /** "token" or "link", for the copy messages. */
  what: string;
  warning: ReactNode;
  onDone: () => void;
  testId: string;
}) {
  const [copied, setCopied] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const copyRef = useRef<HTMLButtonElement>(null);

  // Keyboard users land on Copy, the one thing to do next.
  useEffect(() => copyRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(`${what[0]!.toUpperCase()}${what.slice(1)} copied to the clipboard`);
    } catch {
      inputRef.current?.select();
      toast.error(`Could not copy automatically. The ${what} is selected: press Ctrl+C (⌘C) to copy it.`);
    }
  }

  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid={testId}>
      <div className="text-amber-900">{warning}</div>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          ref={inputRef}
          readOnly
          value={value}
          aria-label={label}
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
