import type { NextConfig } from "next";
import { pageSecurityHeaders } from "./lib/security-headers";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole project (tsc) before it builds; don't do it twice.
  typescript: { ignoreBuildErrors: true },
  // Loaded by Node at run time rather than bundled: PGlite ships WASM files next to its code, and
  // the custom server's bundle and Next's share these modules' process-wide state.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "drizzle-orm", "rate-limiter-flexible"],
  async headers() {
    return [{ source: "/:path*", headers: pageSecurityHeaders(process.env.NODE_ENV !== "production") }];
  },
};

export default config;
