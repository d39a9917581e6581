/**
 * Server actions are POSTs to page URLs, authenticated by the session cookie — so a page on
 * another site could make a signed-in member's browser send one (CSRF). Next.js compares Origin
 * with Host itself, but lets a request without an Origin through; browsers send Origin on every
 * POST, so a write without one did not come from our own pages. server.ts refuses, before Next
 * runs, any state-changing request to a page whose Origin is missing, `null` (sandboxed frames,
 * data: URLs), unparsable, or names another host than the one addressed or the public URL's.
 *
 * /api/ is left alone: the REST API ignores cookies (a token in a header is the only credential),
 * and next-auth's POST endpoints check their own double-submit CSRF token.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossOriginWrite(
  request: { method?: string; url?: string; headers: { origin?: string | string[]; host?: string } },
  publicUrl: string,
): boolean {
  if (SAFE_METHODS.has((request.method ?? "GET").toUpperCase())) return false;
  // Resolved like Next resolves it, so `/api/../settings/…` is not mistaken for an API path.
  let path: string;
  try {
    path = new URL(request.url ?? "/", "http://tollgate.invalid").pathname;
  } catch {
    return true;
  }
  if (path === "/api" || path.startsWith("/api/")) return false;

  const origin = request.headers.origin;
  if (typeof origin !== "string" || origin === "null") return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  return originHost !== request.headers.host && originHost !== new URL(publicUrl).host;
}
