"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * Dates in the viewer's time zone without a hydration mismatch: the server render (and the
 * hydration pass) use UTC, then the browser switches to local time.
 */
export function useDateFormatter() {
  const inBrowser = useSyncExternalStore(noop, () => true, () => false);
  const timeZone = inBrowser ? undefined : "UTC";
  const date = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone });
  const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone });
  return {
    date: (iso: string) => date.format(new Date(iso)),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
  };
}

export const ROLE_LABELS: Record<string, string> = { no_access: "No access", reader: "Reader", writer: "Writer", admin: "Admin", owner: "Owner" };

export function apiVersionLabel(version: number): string {
  const s = String(version);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
