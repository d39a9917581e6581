"use client";

import { useRef } from "react";

/**
 * Dialogs opened from a menu item or a plain button (not a Radix Trigger) return focus to
 * whatever was focused when they opened, so keyboard users are not dropped at the top of the page.
 */
export function useRestoreFocus() {
  const opener = useRef<HTMLElement | null>(null);
  return {
    remember: () => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    restore: (event: Event) => {
      const target = opener.current;
      if (target && target.isConnected) {
        event.preventDefault();
        target.focus();
      }
    },
  };
}
