import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import path from "node:path";
import { getHeapSpaceStatistics } from "node:v8";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { database, databaseDriver, databaseQueryCount } from "./db/client";
import { apiApp, API_BASE } from "./lib/api";
import { allowedHostNames, authSecretProblem, isAllowedHost, isCrossOriginWrite, overwriteClientIp } from "./lib/auth";
import { ConfigError, env } from "./lib/env";
import {
  collectProcessMetrics,
  createLogger,
  installLogger,
  observeDatabase,
  observeRequest,
  operationsHandler,
  pageRouteOf,
  pageRoutesFrom,
  readinessCheck,
  runInRequest,
  shippedMigrationCount,
  startMemoryTrim,
  startMetricsServer,
  UNMATCHED_ROUTE,
  type PageRoute,
} from "./lib/operations";
import { applyPagePolicy, HSTS, PAGE_SECURITY_HEADERS, REFUSAL_CSP } from "./lib/security-headers";
import { announceSetupCode } from "./lib/setup";

/**
 * The production entry: one process, two doors. /api/v2 goes straight to the Hono app;
 * everything else to Next's request handler. Compiled at build time by scripts/build-server.mjs.
 */
async function main() {
  let config;
  try {
    config = env();
    const missingSecret = authSecretProblem(config);
    if (missingSecret) throw missingSecret;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // From here on everything the process prints is a log entry (README, "Logs"): JSON lines in
  // production. A bad configuration, above, is told in one plain line instead.
  const log = createLogger({ level: config.logLevel, pretty: process.env.NODE_ENV !== "production" });
  installLogger(log);

  // Migrate (and seed in demo mode) before serving anything.
  await database();
  // A fresh database: print the code that lets whoever reads this log set Tollgate up.
  await announceSetupCode(config.publicUrl);
  const driver = await databaseDriver();
  observeDatabase(driver.kind, driver.client);
  collectProcessMetrics();
  // Memory malloc freed goes back to the system after garbage collections, at most once a second (lib/operations/memory.ts).
  if (config.memoryTrim) await startMemoryTrim();

  applyBuiltNextConfig();
  // Next needs its own port to fetch an action's redirect target internally.
  const nextApp = next({ dev: false, dir: process.cwd(), hostname: internalHostname(config.host), port: config.port });
  const handleNext = nextApp.getRequestHandler();
  await nextApp.prepare();
  const handleApi = getRequestListener(apiApp().fetch);
  const handleOperations = operationsHandler({
    metricsToken: config.metricsToken,
    readiness: readinessCheck(shippedMigrationCount()),
    log,
  });
  const pageRoutes = readPageRoutes();

  const https = config.publicUrl.startsWith("https://");
  const allowedHosts = allowedHostNames(config.publicUrl, config.allowedHosts);
  const server = createServer((req, res) => {
    // The client address comes from the connection (or our own proxies), never from a header the client can set.
    const ip = overwriteClientIp(req, config.trustProxy);
    // Both doors' own headers are merged with this one (Node merges setHeader into writeHead).
    if (https) res.setHeader("Strict-Transport-Security", HSTS);
    // /healthz, /readyz and /metrics answer any host name: orchestrators and scrapers come by IP
    // address, and none of them takes a cookie (/metrics takes its own bearer token).
    if (handleOperations(req, res)) return;
    const url = req.url ?? "/";
    if (url === API_BASE || url.startsWith(`${API_BASE}/`) || url.startsWith(`${API_BASE}?`)) {
      // The API names its route template once Hono has matched it (lib/api/observe.ts).
      observeRequest(req, res, "api", UNMATCHED_ROUTE, log, ip);
      void handleApi(req, res);
      return;
    }
    const request = observeRequest(req, res, "console", pageRouteOf(url, pageRoutes), log, ip);
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
    // Inside the request's context, so the session code can name the member in its log line.
    runInRequest(request, () => void handleNext(req, res));
  });
  server.keepAliveTimeout = 65_000;
  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(error.code === "EADDRINUSE" ? `Tollgate could not start: port ${config.port} is already in use (set PORT to use another).` : `Tollgate stopped: ${error.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    console.log(`Tollgate is serving on http://${urlHost(config.host)}:${config.port} (${config.databaseUrl ? "PostgreSQL" : `embedded database in ${config.dataDir}`}${config.demo ? ", demo mode" : ""})`);
  });
  const metricsServer = config.metricsPort === null ? null : startMetricsServer(config.metricsPort, log);

  // `npm run bench` asks for the query count with a signal: no door, so nothing an outsider can
  // call. Its answer is a line of the benchmark's own protocol, not a log entry.
  if (process.env.TOLLGATE_BENCH === "1") {
    process.on("SIGUSR2", () => process.stdout.write(`tollgate-bench ${JSON.stringify({ queries: databaseQueryCount(), memory: process.memoryUsage(), heapSpaces: heapSpaces() })}\n`));
  }

  const stop = () => {
    server.close();
    metricsServer?.close();
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** V8's heap by space, in MB: committed and used (for `npm run bench`'s memory log). */
const heapSpaces = () => Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, [Math.round(space.space_size / 2 ** 20), Math.round(space.space_used_size / 2 ** 20)]]));

/** A host as a URL writes it: IPv6 addresses in brackets. */
const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host);

/** How this process reaches itself: a wildcard address is reached through loopback. */
const internalHostname = (host: string) => (host === "0.0.0.0" || host === "::" ? "localhost" : urlHost(host));

/**
 * Next's configuration as the build resolved it (.next/required-server-files.json), handed to
 * Next the way the server that `output: "standalone"` generates does. Without it Next compiles
 * next.config.ts at start with its SWC compiler, whose native library then stays mapped and
 * resident for the life of the process (24 MB; docs/benchmarks.md, "Memory"). The build already
 * applied everything in that file: its headers are in the routes manifest, its other settings in
 * this one. Without the file (a build from before it existed) Next reads next.config.ts itself.
 */
function applyBuiltNextConfig() {
  if (process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) return;
  try {
    const { config } = JSON.parse(readFileSync(path.join(process.cwd(), ".next", "required-server-files.json"), "utf8")) as { config?: unknown };
    if (config && typeof config === "object") process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  } catch {
    // No build manifest: Next loads next.config.ts, as it always did.
  }
}

/**
 * The pages and route handlers of this build, for the console's route templates in logs and
 * metrics. Without the manifest every page request is counted as UNMATCHED_ROUTE: less useful,
 * never wrong.
 */
function readPageRoutes(): PageRoute[] {
  try {
    return pageRoutesFrom(JSON.parse(readFileSync(path.join(process.cwd(), ".next", "routes-manifest.json"), "utf8")));
  } catch (error) {
    console.warn(`Page routes unknown (${error instanceof Error ? error.message : String(error)}): the console's requests are logged and counted as "${UNMATCHED_ROUTE}"`);
    return [];
  }
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
