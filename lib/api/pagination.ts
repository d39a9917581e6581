import { z } from "zod";
import { API_BASE } from "./paths";

/**
 * `limit` and `offset` from a query string, as numbers (this door's defaults when absent). Their
 * bounds are the domain's to check (lib/paging.ts), once, for both doors.
 */
export const pageQuery = (defaultLimit: number) =>
  z.object({ limit: z.coerce.number().default(defaultLimit), offset: z.coerce.number().default(0) });

type Link = { href: string; type: "application/json" };

interface Page {
  limit: number;
  offset: number;
  totalCount: number;
  /** Lists with keyset paging: the cursor this page started after (null: none)… */
  after?: string | null;
  /** …and the one the next page starts after (null: this is the last page). */
  nextCursor?: string | null;
}

/**
 * LaunchDarkly-style `_links` for a page: self, and next / prev when they exist. A list with
 * keyset paging links its next page by cursor (`after`), which stays exact however deep the page
 * and however the list changes meanwhile; `offset` links remain for self, prev and first.
 */
export function pageLinks(path: string, params: Record<string, string | number | boolean | undefined>, page: Page) {
  const href = (position: { offset: number } | { after: string }) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== false) query.set(k, String(v));
    query.set("limit", String(page.limit));
    if ("after" in position) query.set("after", position.after);
    else query.set("offset", String(position.offset));
    return `${API_BASE}${path}?${query}`;
  };
  const keyset = page.nextCursor !== undefined;
  const links: Record<string, Link> = {
    self: { href: href(page.after ? { after: page.after } : { offset: page.offset }), type: "application/json" },
  };
  if (keyset) {
    if (page.nextCursor) links.next = { href: href({ after: page.nextCursor }), type: "application/json" };
  } else if (page.offset + page.limit < page.totalCount) links.next = { href: href({ offset: page.offset + page.limit }), type: "application/json" };
  if (page.offset > 0 && !page.after) links.prev = { href: href({ offset: Math.max(0, page.offset - page.limit) }), type: "application/json" };
  links.first = { href: href({ offset: 0 }), type: "application/json" };
  return links;
}
