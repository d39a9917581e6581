"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useState, type ReactNode } from "react";

const triggerClasses = "rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 data-[state=open]:bg-slate-100";

const dots = (
  <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
    <path d="M10 3a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm0 5.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3ZM11.5 15.5a1.5 1.5 0 1 0-3 0 1.5 1.5 0 0 0 3 0Z" />
  </svg>
);

/**
 * A row's "⋮" actions menu (Radix: keyboard navigation, focus return, labelled trigger). Until it
 * is first opened it is a plain button: a list renders one per row, and a closed Radix menu still
 * costs its providers and hooks on every render of the page, on the server and in the browser.
 */
export function RowMenu({ label, children }: { label: string; children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  if (!mounted) {
    return (
      <button
        type="button"
        aria-label={`Actions for ${label}`}
        aria-haspopup="menu"
        aria-expanded={false}
        data-state="closed"
        className={triggerClasses}
        onClick={() => setMounted(true)}
        onKeyDown={(event) => event.key === "ArrowDown" && (event.preventDefault(), setMounted(true))}
      >
        {dots}
      </button>
    );
  }
  return (
    <Menu.Root defaultOpen>
      <Menu.Trigger aria-label={`Actions for ${label}`} className={triggerClasses}>
        {dots}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={4} className="z-30 min-w-40 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          {children}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

const itemClasses = "block cursor-pointer rounded px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100";

export function RowMenuItem({ onSelect, danger, children }: { onSelect: () => void; danger?: boolean; children: ReactNode }) {
  return (
    <Menu.Item onSelect={onSelect} className={`${itemClasses} ${danger ? "text-red-700" : "text-slate-800"}`}>
      {children}
    </Menu.Item>
  );
}

/** A menu item that navigates (rendered as the given link element). */
export function RowMenuLink({ children }: { children: ReactNode }) {
  return (
    <Menu.Item asChild className={`${itemClasses} text-slate-800`}>
      {children}
    </Menu.Item>
  );
}

export function RowMenuSeparator() {
  return <Menu.Separator className="my-1 h-px bg-slate-100" />;
}
