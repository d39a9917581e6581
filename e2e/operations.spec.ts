import { expect, test } from "@playwright/test";
import { connect } from "node:net";
import { containsTokenSecret } from "../lib/secrets";
import { parseLog, requestLines, serverLog, type LogEntry } from "./logs";
import { CLIENT, requestFrom, signInFrom } from "./net";
import { startServer, type ExtraServer } from "./servers";
import { apiTokenOf, DEMO, DEMO_PASSWORD, E2E_DATABASE_URL, E2E_DB, E2E_PORT, EXTRA_PORT, METRICS_TOKEN, storageStateOf } from "./support";

// Operating Tollgate (README, "Deploying"): health checks for load balancers, Prometheus metrics
// and the JSON log. (/readyz while PostgreSQL is down: e2e/faults.spec.ts.)
const get = (path: string, headers: Record<string, string> = {}, port = E2E_PORT) => requestFrom(CLIENT.operations, port, { path, headers });
const scrape = async () => {
  const response = await get("/metrics", { Authorization: `Bearer ${METRICS_TOKEN}` });
  expect(response.status).toBe(200);
  return response.body;
};
/** A sample's value in an exposition, 0 when it is absent. */
function sample(exposition: string, name: string, labels: Record<string, string>): number {
  const wanted = `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}} `;
  const line = exposition.split("\n").find((l) => l.startsWith(wanted));
  return line ? Number(line.slice(wanted.length)) : 0;
}
const sameDatabase: Record<string, string> = E2E_DATABASE_URL ? { DATABASE_URL: E2E_DATABASE_URL } : {};

test.describe("health checks", () => {
  test("/healthz and /readyz answer 200 to any host name, uncached, with nothing about an account", async () => {
    for (const path of ["/healthz", "/readyz"]) {
      for (const host of [`localhost:${E2E_PORT}`, `10.1.2.3:${E2E_PORT}`, "tollgate.elsewhere.example"]) {
        const response = await get(path, { Host: host });
        expect(response.status, `${path} for ${host}`).toBe(200);
        expect(response.headers["cache-control"]).toBe("no-store");
        expect(response.body).toBe(path === "/healthz" ? "ok\n" : "ready\n");
      }
      expect((await requestFrom(CLIENT.operations, E2E_PORT, { method: "HEAD", path })).status).toBe(200);
      expect((await requestFrom(CLIENT.operations, E2E_PORT, { method: "POST", path })).status).toBe(405);
    }
    // The pages, meanwhile, still answer only their own host names.
    expect((await get("/login", { Host: "tollgate.elsewhere.example" })).status).toBe(421);
  });
});

test.describe("metrics", () => {
  test("/metrics refuses a request without its token, or with another", async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: "Bearer not-the-metrics-token-but-just-as-long-0000" }, { Authorization: METRICS_TOKEN }, { Authorization: `Basic ${METRICS_TOKEN}` }];
    for (const headers of attempts) {
      const response = await get("/metrics", headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect(response.body).not.toContain("tollgate_");
    }
  });

  test("counts requests by door, route template, method and status — never by a path with an id", async ({ request, browser }) => {
    const writer = { Authorization: apiTokenOf("writer") };
    const made = await request.post("/api/v2/tokens", { headers: writer, data: { name: `metrics count ${Date.now()}` } });
    expect(made.status()).toBe(201);
    const { _id: id } = (await made.json()) as { _id: string };
    const byId = { door: "api", route: "/api/v2/tokens/:id", method: "GET", status: "200" };
    const before = sample(await scrape(), "tollgate_http_requests_total", byId);
    for (let i = 0; i < 3; i++) expect((await request.get(`/api/v2/tokens/${id}`, { headers: writer })).status()).toBe(200);
    const context = await browser.newContext({ storageState: storageStateOf("reader") });
    await (await context.newPage()).goto("/settings/authorization");
    await context.close();

    const exposition = await scrape();
    expect(sample(exposition, "tollgate_http_requests_total", byId) - before).toBe(3);
    expect(sample(exposition, "tollgate_http_request_duration_seconds_count", { door: "api", route: "/api/v2/tokens/:id", method: "GET" })).toBeGreaterThanOrEqual(3);
    expect(sample(exposition, "tollgate_http_requests_total", { door: "api", route: "/api/v2/tokens", method: "POST", status: "201" })).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, "tollgate_http_requests_total", { door: "console", route: "/settings/authorization", method: "GET", status: "200" })).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, "tollgate_authentications_total", { door: "api", outcome: "ok", reason: "token" })).toBeGreaterThanOrEqual(4);
    expect(sample(exposition, "tollgate_auth_cache_lookups_total", { result: "hit" }) + sample(exposition, "tollgate_auth_cache_lookups_total", { result: "miss" })).toBeGreaterThan(0);
    if (E2E_DB === "postgres") expect(sample(exposition, "tollgate_db_pool_max_connections", { pool: "main" })).toBe(10);
    else expect(exposition).not.toContain("tollgate_db_pool_connections{");
    expect(sample(exposition, "tollgate_database_info", { driver: E2E_DB })).toBe(1);
    expect(exposition).not.toContain(id);
  });

  test("the exposition holds no secret, email, member name or token name after calls that used them", async ({ request }) => {
    const name = `metrics-probe-${Date.now()}`;
    const made = await request.post("/api/v2/tokens", { headers: { Authorization: apiTokenOf("owner") }, data: { name, description: "used, then scraped" } });
    expect(made.status()).toBe(201);
    const token = (await made.json()) as { _id: string; token: string };
    expect((await get("/api/v2/members/me", { Authorization: token.token })).status).toBe(200);
    expect((await get("/api/v2/members/me", { Authorization: `${token.token.slice(0, -1)}x` })).status).toBe(401);
    expect((await signInFrom(CLIENT.operations, E2E_PORT, DEMO.reader.email, DEMO_PASSWORD)).error).toBeNull();
    expect((await signInFrom(CLIENT.operations, E2E_PORT, DEMO.reader.email, "not the password")).error).not.toBeNull();

    const exposition = await scrape();
    expect(sample(exposition, "tollgate_authentications_total", { door: "console", outcome: "ok", reason: "password" })).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, "tollgate_authentications_total", { door: "console", outcome: "refused", reason: "invalid" })).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, "tollgate_authentications_total", { door: "api", outcome: "refused", reason: "malformed" })).toBeGreaterThanOrEqual(1);
    const forbidden = [token.token, token._id, name, METRICS_TOKEN, DEMO_PASSWORD, ...Object.values(DEMO).flatMap((m) => [m.email, m.name])];
    for (const value of forbidden) expect(exposition.includes(value), value).toBe(false);
    expect(exposition).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/); // no email address at all
    expect(containsTokenSecret(exposition)).toBe(false);
  });

  test.describe("on a loopback port of its own", () => {
    let server: ExtraServer;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      // Listening on every address (HOST), so that the metrics port's loopback-only binding shows.
      server = await startServer(EXTRA_PORT.metricsPortInstance, { METRICS_PORT: String(EXTRA_PORT.metricsPort), HOST: "0.0.0.0", ...sameDatabase });
    });
    test.afterAll(async () => server?.stop());

    test("METRICS_PORT serves /metrics on 127.0.0.1 only, without a token; the main port has none without TOLLGATE_METRICS_TOKEN", async () => {
      expect((await get("/api/v2/tokens", {}, EXTRA_PORT.metricsPortInstance)).status).toBe(401);
      const response = await requestFrom("127.0.0.1", EXTRA_PORT.metricsPort, { path: "/metrics" });
      expect(response.status).toBe(200);
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(sample(response.body, "tollgate_http_requests_total", { door: "api", route: "/api/v2/tokens", method: "GET", status: "401" })).toBe(1);
      expect((await requestFrom("127.0.0.1", EXTRA_PORT.metricsPort, { path: "/" })).status).toBe(404);

      // Bound to 127.0.0.1 itself: another address of the machine (here 127.0.0.2, which
      // reaches the main port) finds nothing listening.
      expect((await get("/api/v2", {}, EXTRA_PORT.metricsPortInstance)).status).toBe(200);
      expect(await connectionError("127.0.0.2", EXTRA_PORT.metricsPort)).toBe("ECONNREFUSED");
      expect(await connectionError("127.0.0.2", EXTRA_PORT.metricsPortInstance)).toBeNull();

      for (const headers of [{}, { Authorization: `Bearer ${METRICS_TOKEN}` }] as Record<string, string>[]) {
        expect((await get("/metrics", headers, EXTRA_PORT.metricsPortInstance)).status).toBe(404);
      }
    });
  });
});

/** The error code of a TCP connection to host:port, or null when it connects. */
function connectionError(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(null);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

test.describe("logs", () => {
  const linesOf = async (predicate: (line: LogEntry) => boolean) => {
    await expect.poll(() => requestLines(parseLog(serverLog()).entries).filter(predicate).length, { message: "the request's line reaches the log" }).toBeGreaterThan(0);
    return requestLines(parseLog(serverLog()).entries).filter(predicate);
  };

  test("the server's log is one JSON object per line, with one line per request: its id, door, route template, method, status, duration and caller", async ({ browser }) => {
    const reader = apiTokenOf("reader");
    const chosenId = `ops-${Date.now()}`;
    const me = await get("/api/v2/members/me", { Authorization: reader, "X-Request-Id": chosenId });
    expect(me.status).toBe(200);
    expect(me.headers["x-request-id"]).toBe(chosenId);
    const memberId = (JSON.parse(me.body) as { _id: string })._id;

    // An unsafe id is replaced with the server's own; a query string is never logged.
    const refused = await get("/api/v2/tokens?limit=5&note=hidden-query-value", { "X-Request-Id": 'bad id "quoted"' });
    expect(refused.status).toBe(401);
    expect(refused.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

    const context = await browser.newContext({ storageState: storageStateOf("reader") });
    const page = await context.newPage();
    const pageResponse = await page.goto("/settings/authorization?showAll=1");
    const pageRequestId = await pageResponse!.headerValue("x-request-id");
    await context.close();

    const [api] = await linesOf((line) => line.reqId === chosenId);
    expect(api).toMatchObject({ level: "info", door: "api", route: "/api/v2/members/me", method: "GET", status: 200, memberId, ip: CLIENT.operations });
    expect(api!.tokenId).toMatch(/^[0-9a-f]{24}$/);
    expect(typeof api!.ms).toBe("number");
    expect(typeof api!.time).toBe("string");

    const [unauthenticated] = await linesOf((line) => line.reqId === refused.headers["x-request-id"]);
    expect(unauthenticated).toMatchObject({ door: "api", route: "/api/v2/tokens", method: "GET", status: 401 });
    expect(unauthenticated!.memberId).toBeUndefined();

    const [pageLine] = await linesOf((line) => line.reqId === pageRequestId);
    expect(pageLine).toMatchObject({ door: "console", route: "/settings/authorization", method: "GET", status: 200, memberId });

    const log = serverLog();
    expect(log).not.toContain("hidden-query-value");
    expect(log).not.toContain("showAll=1");
    expect(parseLog(log).notJson).toEqual([]);
  });

  test("LOG_LEVEL=warn leaves out the request lines and everything else below warnings", async () => {
    test.setTimeout(120_000);
    const quiet = await startServer(EXTRA_PORT.quietInstance, { LOG_LEVEL: "warn", ...sameDatabase });
    try {
      expect((await get("/api/v2", {}, EXTRA_PORT.quietInstance)).status).toBe(200);
      expect((await get("/api/v2/tokens", {}, EXTRA_PORT.quietInstance)).status).toBe(401);
      expect((await get("/login", {}, EXTRA_PORT.quietInstance)).status).toBe(200);
    } finally {
      await quiet.stop();
    }
    const { entries, notJson } = parseLog(quiet.output());
    expect(notJson).toEqual([]);
    expect(requestLines(entries)).toEqual([]);
    expect(entries.filter((entry) => !["warn", "error", "fatal"].includes(entry.level))).toEqual([]);
    expect(quiet.output()).not.toContain("Tollgate is serving on");
  });
});
