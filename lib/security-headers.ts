import { randomBytes } from "node:crypto";

/**
 * Security headers for every page (server.ts and next.config.ts) and every API response
 * (lib/api/app.ts).
 *
 * Scripts run only if they carry the nonce server.ts draws for each response: Next.js reads it
 * from the request's Content-Security-Policy header and puts it on every script it renders,
 * including the inline ones that stream the React Server Components payload; 'strict-dynamic'
 * lets those scripts load the page's further chunks. Styles keep 'unsafe-inline': Radix and
 * sonner position their overlays and toasts with inline style attributes, which no nonce can
 * cover, and a style cannot run code.
 */
export function contentSecurityPolicy(scripts: { nonce: string } | "next dev"): string {
  // `next dev` has no custom server to draw nonces, and React's dev tooling needs eval.
  const scriptSrc = scripts === "next dev" ? "'self' 'unsafe-inline' 'unsafe-eval'" : `'self' 'nonce-${scripts.nonce}' 'strict-dynamic'`;
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${scripts === "next dev" ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For answers server.ts gives itself (refusals): plain text that runs nothing. */
export const REFUSAL_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Every page's headers but the Content-Security-Policy, which differs per response. */
export const PAGE_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** API responses may carry a secret (create, clone, reset): nothing under /api/v2 is cached. */
export const API_SECURITY_HEADERS: Record<string, string> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": REFUSAL_CSP,
};

/**
 * Sent by server.ts on every response when the public URL (NEXTAUTH_URL) is https: the console
 * is then meant to be reached over HTTPS only, and browsers ignore the header on plain HTTP, so
 * it needs no proxy header (which a client could forge) to decide. Two years, as preload lists ask.
 */
export const HSTS = "max-age=63072000; includeSubDomains";

/** The parts of Node's request and response that applyPagePolicy touches. */
interface NodeRequest {
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
}
interface NodeResponse {
  setHeader(name: string, value: string): unknown;
}

const REQUEST_CSP_HEADERS = new Set(["content-security-policy", "content-security-policy-report-only"]);

/**
 * Draws a fresh nonce for one page response (server.ts): sent to the browser in the response's
 * policy, and to Next.js in the request's, which is where Next looks for it. Whatever policy
 * header the client sent is dropped first, in both of Node's views of the headers, so a client
 * can never choose the nonce its page is rendered with.
 */
export function applyPagePolicy(req: NodeRequest, res: NodeResponse, nonce = randomBytes(18).toString("base64")): void {
  const policy = contentSecurityPolicy({ nonce });
  const raw: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (!REQUEST_CSP_HEADERS.has(req.rawHeaders[i]!.toLowerCase())) raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  req.rawHeaders = [...raw, "content-security-policy", policy];
  delete req.headers["content-security-policy-report-only"];
  req.headers["content-security-policy"] = policy;
  res.setHeader("Content-Security-Policy", policy);
}
