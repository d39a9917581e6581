import { createServer, type ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { database, databaseQueryCount } from "./db/client";
import { apiApp, API_BASE } from "./lib/api";
import { allowedHostNames, isAllowedHost, isCrossOriginWrite, overwriteClientIp } from "./lib/auth";
import { ConfigError, env } from "./lib/env";
import { applyPagePolicy, HSTS, PAGE_SECURITY_HEADERS, REFUSAL_CSP } from "./lib/security-headers";

/**
 * The production entry: one process, two doors. /api/v2 goes straight to the Hono app;
 * everything else to Next's request handler. Compiled at build time by scripts/build-server.mjs.
 */
async function main() {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  // Migrate (and seed in demo mode) before serving anything.
  await database();

  // Next needs its own port to fetch an action's redirect target internally.
  const nextApp = next({ dev: false, dir: process.cwd(), hostname: "localhost", port: config.port });
  const handleNext = nextApp.getRequestHandler();
  await nextApp.prepare();
  const handleApi = getRequestListener(apiApp().fetch);

  const https = config.publicUrl.startsWith("https://");
  const allowedHosts = allowedHostNames(config.publicUrl, config.allowedHosts);
  const server = createServer((req, res) => {
    // The client address comes from the connection (or our own proxies), never from a header the client can set.
    overwriteClientIp(req, config.trustProxy);
    // Both doors' own headers are merged with this one (Node merges setHeader into writeHead).
    if (https) res.setHeader("Strict-Transport-Security", HSTS);
    const url = req.url ?? "/";
    if (url === API_BASE || url.startsWith(`${API_BASE}/`) || url.startsWith(`${API_BASE}?`)) {
      void handleApi(req, res);
      return;
    }
    // The REST API above answers any host name: its only credential is a token in a header,
    // which a rebinding page does not have. Everything below takes cookies.
    if (!isAllowedHost(req.headers.host, allowedHosts)) {
      refuse(res, 421, "Misdirected request: this server does not answer to that host name.");
      return;
    }
    if (isCrossOriginWrite(req, config.publicUrl)) {
      refuse(res, 403, "Cross-origin request refused");
      return;
    }
    applyPagePolicy(req, res);
    void handleNext(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(error.code === "EADDRINUSE" ? `Tollgate could not start: port ${config.port} is already in use (set PORT to use another).` : `Tollgate stopped: ${error.message}`);
    process.exit(1);
  });
  server.listen(config.port, () => {
    console.log(`Tollgate is serving on http://localhost:${config.port} (${config.databaseUrl ? "PostgreSQL" : `embedded database in ${config.dataDir}`}${config.demo ? ", demo mode" : ""})`);
  });

  // `npm run bench` asks for the query count with a signal: no door, so nothing an outsider can call.
  if (process.env.TOLLGATE_BENCH === "1") {
    process.on("SIGUSR2", () => console.log(`tollgate-bench ${JSON.stringify({ queries: databaseQueryCount() })}`));
  }

  const stop = () => {
    server.close();
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * A request for another host name (lib/auth/allowed-hosts.ts), or a server action (or any write
 * to a page) sent from another origin (lib/auth/same-origin.ts): answered before Next runs.
 */
function refuse(res: ServerResponse, status: 403 | 421, message: string) {
  for (const { key, value } of PAGE_SECURITY_HEADERS) res.setHeader(key, value);
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": REFUSAL_CSP });
  res.end(message);
}

main().catch((error: unknown) => {
  console.error(`Tollgate could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
