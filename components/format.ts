"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * Dates in the viewer's time zone without a hydration mismatch: the server render (and the
 * hydration pass) use UTC, then the browser switches to local time.
 */
// Built once per time zone: a formatter costs far more to build than to use.
const formatters = new Map<string, { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>();
function formattersFor(timeZone: string | undefined) {
  const key = timeZone ?? "local";
  let found = formatters.get(key);
  if (!found) {
    found = {
      date: new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone }),
      dateTime: new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }),
    };
    formatters.set(key, found);
  }
  return found;
}

export function useDateFormatter() {
  const inBrowser = useSyncExternalStore(noop, () => true, () => false);
  const { date, dateTime } = formattersFor(inBrowser ? undefined : "UTC");
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
