import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Readiness } from "./health";
import type { Logger } from "./logger";
import { exposition } from "./metrics";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";
export const METRICS_PATH = "/metrics";

export interface OperationsOptions {
  /** TOLLGATE_METRICS_TOKEN, or null: /metrics is not served on the main port. */
  metricsToken: string | null;
  readiness: () => Promise<Readiness>;
  log: Logger;
}

/**
 * The endpoints for load balancers, orchestrators and Prometheus, answered by server.ts before
 * either door, for any Host (probes come by IP address) and without a request log line (a probe
 * every few seconds would drown the log). Nothing they answer names an account or a member.
 * Returns whether the request was one of them.
 */
export function operationsHandler(options: OperationsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  let wasReady = true;
  return (req, res) => {
    const path = pathOf(req.url);
    if (path !== HEALTH_PATH && path !== READY_PATH && path !== METRICS_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      answer(res, 405, "Method not allowed\n", { Allow: "GET, HEAD" });
      return true;
    }
    if (path === HEALTH_PATH) answer(res, 200, "ok\n");
    else if (path === READY_PATH) {
      void options.readiness().then((readiness) => {
        // Logged when it changes, not per probe.
        if (readiness.ready !== wasReady) {
          wasReady = readiness.ready;
          if (readiness.ready) options.log.info("ready again: the database answers");
          else options.log.warn(`not ready: ${readiness.reason}`);
        }
        answer(res, readiness.ready ? 200 : 503, readiness.ready ? "ready\n" : `not ready: ${readiness.reason}\n`);
      });
    } else if (options.metricsToken === null) answer(res, 404, "Not found\n");
    else if (!presentsToken(req.headers.authorization, options.metricsToken)) {
      answer(res, 401, "A bearer token is required\n", { "WWW-Authenticate": 'Bearer realm="metrics"' });
    } else void serveMetrics(res);
    return true;
  };
}

/**
 * A server of its own for the metrics on METRICS_PORT, bound to loopback: whatever runs on the
 * same host (a Prometheus agent, a sidecar sharing the network namespace) scrapes it without a
 * token; nothing else can reach it.
 */
export function startMetricsServer(port: number, log: Logger): Server {
  const server = createServer((req, res) => {
    if (pathOf(req.url) !== METRICS_PATH) answer(res, 404, "Not found\n");
    else if (req.method !== "GET" && req.method !== "HEAD") answer(res, 405, "Method not allowed\n", { Allow: "GET, HEAD" });
    else void serveMetrics(res);
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    log.error(`Tollgate could not serve metrics on 127.0.0.1:${port}: ${error.code === "EADDRINUSE" ? "the port is already in use (METRICS_PORT)" : error.message}`);
    process.exit(1);
  });
  server.listen(port, "127.0.0.1", () => log.info(`Metrics on http://127.0.0.1:${port}${METRICS_PATH}`));
  return server;
}

/**
 * `Authorization: Bearer <token>`, compared in constant time: both sides are hashed first, so the
 * comparison takes the same time whatever was sent, its length included.
 */
export function presentsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(authorization ?? "");
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

async function serveMetrics(res: ServerResponse) {
  try {
    const { contentType, body } = await exposition();
    answer(res, 200, body, { "Content-Type": contentType });
  } catch {
    answer(res, 500, "Metrics could not be collected\n");
  }
}

function pathOf(url: string | undefined): string {
  const query = (url ?? "/").indexOf("?");
  return query === -1 ? (url ?? "/") : url!.slice(0, query);
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
