// What a request is called in logs and metrics. Pure: the rules that keep ids, query strings and
// anything a client typed out of every label and log line, in one place.

/** The two doors of the one process (server.ts): the REST API and everything Next.js serves. */
export type Door = "api" | "console";

/** The route of a request that matched none: a fixed word, never the path that was asked for. */
export const UNMATCHED_ROUTE = "unmatched";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The method as a label: the methods HTTP defines for our routes, anything else `OTHER`. */
export function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : "OTHER";
}

/**
 * The API route template of a request: the first matched route that is an endpoint rather than
 * a middleware (Hono registers `use` under the method `ALL`), e.g. `/api/v2/tokens/:id`. Hono
 * runs the matched routes in the order they were registered and the first endpoint answers, so
 * `/members/me` is itself and not `/members/:id`. A refused caller's request still gets its
 * endpoint's template, since routing happens before authentication; a path that names no
 * endpoint gets UNMATCHED_ROUTE.
 */
export function apiRouteOf(matched: ReadonlyArray<{ method: string; path: string }>): string {
  return matched.find((route) => route.method !== "ALL")?.path ?? UNMATCHED_ROUTE;
}

/** A page or route handler of the Next.js build, as its routes manifest lists it. */
export interface PageRoute {
  /** The template, e.g. `/settings/authorization` or `/api/auth/[...nextauth]`. */
  page: string;
  pattern: RegExp;
}

interface RoutesManifest {
  caseSensitive?: boolean;
  staticRoutes?: { page: string; regex: string }[];
  dynamicRoutes?: { page: string; regex: string }[];
}

/** The routes of a Next.js build, from `.next/routes-manifest.json` (static ones first, as Next.js matches them). */
export function pageRoutesFrom(manifest: RoutesManifest): PageRoute[] {
  const flags = manifest.caseSensitive ? "" : "i";
  return [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map(({ page, regex }) => ({ page, pattern: new RegExp(regex, flags) }));
}

const STATIC_ASSETS = "/_next/static/";
// A client-side navigation may ask for a page's RSC payload as `<page>.rsc` or its segments.
const RSC_SUFFIX = /(?:\.segments\/.*|\.rsc)$/;

/**
 * The console route template of a path (its query string is ignored): the page or route
 * handler that serves it, `/_next/static` for the build's assets, else UNMATCHED_ROUTE. A
 * dynamic route keeps its brackets (`/api/auth/[...nextauth]`), so a token or an id in a path is
 * never part of a label.
 */
export function pageRouteOf(url: string, routes: readonly PageRoute[]): string {
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  if (path.startsWith(STATIC_ASSETS)) return "/_next/static";
  for (const candidate of [path, path.replace(RSC_SUFFIX, "")]) {
    for (const route of routes) if (route.pattern.test(candidate)) return route.page;
  }
  return UNMATCHED_ROUTE;
}

// Letters, digits and a little punctuation: what load balancers and tracing tools use (UUIDs,
// hex ids), with nothing that could break a log line or a header.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const TOKEN_SHAPED = /api-[0-9A-Za-z]{36}/;

/**
 * The request id a client (or a proxy in front) sent in `X-Request-Id`, if it is a short, plain
 * token we can log and echo as it is; otherwise undefined, and the server makes its own. A value
 * shaped like an access token is never taken, so a secret pasted into the header does not
 * reach the log.
 */
export function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string" || !SAFE_REQUEST_ID.test(header) || TOKEN_SHAPED.test(header)) return undefined;
  return header;
}
