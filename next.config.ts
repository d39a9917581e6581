import type { NextConfig } from "next";
import { contentSecurityPolicy, PAGE_SECURITY_HEADERS } from "./lib/security-headers";

// In production server.ts sends each page's Content-Security-Policy with a fresh nonce; only
// `next dev`, which runs without server.ts, gets a fixed one from here.
const dev = process.env.NODE_ENV !== "production";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole project (tsc) before it builds; don't do it twice.
  typescript: { ignoreBuildErrors: true },
  // Loaded by Node at run time rather than bundled: PGlite ships WASM files next to its code, and
  // the custom server's bundle and Next's share these modules' process-wide state (prom-client's
  // metrics among them). koffi loads a native library (lib/operations/memory.ts). Next.js keeps
  // pino external by itself.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "drizzle-orm", "rate-limiter-flexible", "prom-client", "koffi"],
  async headers() {
    const csp = dev ? [{ key: "Content-Security-Policy", value: contentSecurityPolicy("next dev") }] : [];
    return [{ source: "/:path*", headers: [...PAGE_SECURITY_HEADERS, ...csp] }];
  },
};

export default config;
