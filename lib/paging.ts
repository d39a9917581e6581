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
