import { z } from "zod";

/** The most rows any list answers at once. */
export const MAX_PAGE_SIZE = 1000;
/** The furthest any list pages (far past any real account; it bounds what a skip costs). */
export const MAX_OFFSET = 10_000_000;

/**
 * `limit` and `offset` as every list takes them, checked once, by the domain, for both doors (the
 * REST API only turns its query string into numbers). Out of range is refused rather than
 * clamped, so a client asking for 5000 rows learns it got fewer.
 */
export function pageFields(defaultLimit: number) {
  return {
    limit: z
      .number({ error: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(MAX_PAGE_SIZE, `limit can be at most ${MAX_PAGE_SIZE}`)
      .default(defaultLimit),
    offset: z
      .number({ error: "offset must be a number" })
      .int("offset must be a whole number")
      .min(0, "offset cannot be negative")
      .max(MAX_OFFSET, `offset can be at most ${MAX_OFFSET}`)
      .default(0),
  };
}

/**
 * A keyset cursor: where the previous page ended, as the list's sort key — the creation time in
 * whole microseconds since the epoch (exact, whatever the database's time zone or date style) and
 * the row's id. It names a position, not a row: the next page is "everything after it" under the
 * same filters, so rows inserted or deleted meanwhile are never repeated nor skipped, and a
 * crafted cursor can only move the start of a list whose filters the caller was allowed anyway.
 */
export interface Cursor {
  /** Microseconds since 1970-01-01 UTC, as digits (beyond a JavaScript number's exact range). */
  at: string;
  id: string;
}

const CURSOR_SHAPE = /^(\d{1,17})\.([0-9a-f]{24})$/;

/** The opaque text a client hands back as `after` (base64url, so it sits in a URL as is). */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}.${cursor.id}`, "latin1").toString("base64url");
}

/** The cursor `encodeCursor` wrote, or null for anything else. */
export function decodeCursor(text: string): Cursor | null {
  if (text.length === 0 || text.length > 64 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const match = CURSOR_SHAPE.exec(Buffer.from(text, "base64url").toString("latin1"));
  return match ? { at: match[1]!, id: match[2]! } : null;
}

/** `after` as lists take it: absent, or a cursor that list gave (anything else is refused). */
export const afterField = () =>
  z
    .string({ error: "after must be a cursor from a previous page" })
    .transform((text, ctx) => {
      const cursor = decodeCursor(text);
      if (!cursor) ctx.addIssue({ code: "custom", message: "after must be a cursor from a previous page" });
      return cursor as Cursor;
    })
    .nullable()
    .default(null);
