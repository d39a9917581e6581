import { z } from "zod";
import { API_BASE } from "./paths";

/**
 * `limit` and `offset` from a query string, as numbers (this door's defaults when absent). Their
 * bounds are the domain's to check (lib/paging.ts), once, for both doors.
 */
export const pageQuery = (defaultLimit: number) =>
  z.object({ limit: z.coerce.number().default(defaultLimit), offset: z.coerce.number().default(0) });

type Link = { href: string; type: "application/json" };

/** LaunchDarkly-style `_links` for a page: self, and next / prev when they exist. */
export function pageLinks(path: string, params: Record<string, string | number | boolean | undefined>, page: { limit: number; offset: number; totalCount: number }) {
  const href = (offset: number) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== false) query.set(k, String(v));
    query.set("limit", String(page.limit));
    query.set("offset", String(offset));
    return `${API_BASE}${path}?${query}`;
  };
  const links: Record<string, Link> = { self: { href: href(page.offset), type: "application/json" } };
  if (page.offset + page.limit < page.totalCount) links.next = { href: href(page.offset + page.limit), type: "application/json" };
  if (page.offset > 0) links.prev = { href: href(Math.max(0, page.offset - page.limit)), type: "application/json" };
  links.first = { href: href(0), type: "application/json" };
  return links;
}
