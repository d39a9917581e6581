/**
 * Security headers for every page (next.config.ts) and every API response (lib/api/app.ts).
 * Next.js streams inline scripts for React Server Components, so scripts need 'unsafe-inline'
 * until pages carry nonces; 'unsafe-eval' is only allowed by `next dev` (React's dev tooling).
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function pageSecurityHeaders(dev: boolean): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "no-referrer" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}

/** API responses may carry a secret (create, clone, reset): nothing under /api/v2 is cached. */
export const API_SECURITY_HEADERS: Record<string, string> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

/**
 * Sent by server.ts on every response when the public URL (NEXTAUTH_URL) is https: the console
 * is then meant to be reached over HTTPS only, and browsers ignore the header on plain HTTP, so
 * it needs no proxy header (which a client could forge) to decide. Two years, as preload lists ask.
 */
export const HSTS = "max-age=63072000; includeSubDomains";
