import { testDatabaseKind } from "../helpers/env";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase, databaseDriver } from "@/db/client";
import { createApiApp } from "@/lib/api";
import { overwriteClientIp } from "@/lib/auth";
import { createLogger, observeDatabase, observeRequest, operationsHandler, readinessCheck, shippedMigrationCount, UNMATCHED_ROUTE } from "@/lib/operations";
import { containsTokenSecret } from "@/lib/secrets";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";

// The operations endpoints and the API's request log and metrics, wired as server.ts wires them,
// over real HTTP against the real routes and database.
const METRICS_TOKEN = "integration-metrics-token-0123456789abcdef";
const written: string[] = [];
const log = createLogger(
  { level: "info", pretty: false },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  }),
);
const entries = () => written.map((line) => JSON.parse(line) as Record<string, unknown>);

let server: Server;
let base: string;
let a: TestAccount;
let secret: string;
let callerTokenId: string;

beforeAll(async () => {
  const driver = await databaseDriver();
  observeDatabase(driver.kind, driver.client);
  const handleOperations = operationsHandler({ metricsToken: METRICS_TOKEN, readiness: readinessCheck(shippedMigrationCount()), log });
  const handleApi = getRequestListener(createApiApp().fetch);
  server = createServer((req, res) => {
    const ip = overwriteClientIp(req, 0);
    if (handleOperations(req, res)) return;
    observeRequest(req, res, "api", UNMATCHED_ROUTE, log, ip);
    void handleApi(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  a = await createTestAccount();
  const made = await createAccessToken(a.writer, { name: "operations caller", permission: { kind: "role", role: "writer" } });
  secret = made.secret;
  callerTokenId = made.token.id;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await closeDatabase();
});

const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
  fetch(`${base}${path}`, { method, headers: { Authorization: secret, "Content-Type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

/** The log line of a response, once the response is over. */
async function lineOf(response: Response) {
  await response.arrayBuffer();
  const id = response.headers.get("x-request-id");
  return vi.waitFor(() => {
    const line = entries().find((entry) => entry.reqId === id);
    if (!line) throw new Error(`no log line for request ${id}`);
    return line;
  });
}

describe(`operations (${testDatabaseKind})`, () => {
  it("answers /healthz, and /readyz once the database answers and holds every migration this build ships", async () => {
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.text(), health.headers.get("cache-control")]).toEqual([200, "ok\n", "no-store"]);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.text(), ready.headers.get("cache-control")]).toEqual([200, "ready\n", "no-store"]);
    expect(shippedMigrationCount()).toBeGreaterThan(0);
  });

  it("is not ready while a migration this build ships is missing from the database", async () => {
    const expected = shippedMigrationCount() + 1;
    expect(await readinessCheck(expected)()).toEqual({ ready: false, reason: `migrations pending (${expected - 1} of ${expected} applied)` });
  });

  it("logs one line per API request with its route template, status, caller and duration — never a path's id or a query string", async () => {
    const target = await createAccessToken(a.writer, { name: "operations target", permission: { kind: "role", role: "reader" } });
    const cases: [Response, string, number][] = [
      [await call("GET", "/api/v2/members/me"), "/api/v2/members/me", 200],
      [await call("GET", `/api/v2/tokens/${target.token.id}`), "/api/v2/tokens/:id", 200],
      [await call("GET", `/api/v2/tokens?limit=5&offset=0&filter=${target.token.id}`), "/api/v2/tokens", 200],
      [await call("PATCH", `/api/v2/tokens/${target.token.id}`, {}, [{ op: "replace", path: "/description", value: "seen" }]), "/api/v2/tokens/:id", 200],
      [await call("GET", `/api/v2/roles/no-such-role`), "/api/v2/roles/:key", 404],
      [await call("GET", "/api/v2/no-such-thing"), UNMATCHED_ROUTE, 404],
    ];
    for (const [response, route, status] of cases) {
      expect(await lineOf(response)).toMatchObject({ level: "info", door: "api", route, status, memberId: a.writer.memberId, tokenId: callerTokenId, ip: "127.0.0.1" });
    }
    const refused = await lineOf(await call("GET", `/api/v2/tokens/${target.token.id}`, { Authorization: "api-not-a-token" }));
    expect(refused).toMatchObject({ route: "/api/v2/tokens/:id", status: 401 });
    expect(refused).not.toHaveProperty("memberId");
    expect(refused).not.toHaveProperty("tokenId");
    expect(typeof refused.ms).toBe("number");
    const everything = written.join("\n");
    expect(everything).not.toContain(target.token.id);
    expect(everything).not.toContain("limit=");
  });

  it("keeps a client's safe X-Request-Id and replaces any other", async () => {
    const kept = await call("GET", "/api/v2/members/me", { "X-Request-Id": "lb-7f3a9c" });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a9c");
    expect(await lineOf(kept)).toMatchObject({ reqId: "lb-7f3a9c", route: "/api/v2/members/me" });
    const replaced = await call("GET", "/api/v2/members/me", { "X-Request-Id": secret });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await lineOf(replaced);
  });

  it("leaves no secret in the log nor in the metrics after tokens are created, cloned, reset and deleted, and names nobody in the metrics", async () => {
    const seen: string[] = [secret];
    const name = `leak probe ${Date.now()}`;
    const created = await call("POST", "/api/v2/tokens", {}, { name, role: "reader" });
    const { _id: id, token } = (await created.json()) as { _id: string; token: string };
    seen.push(token);
    const cloned = (await (await call("POST", `/api/v2/tokens/${id}/clone`, {}, {})).json()) as { _id: string; token: string };
    seen.push(cloned.token);
    seen.push(((await (await call("POST", `/api/v2/tokens/${id}/reset`)).json()) as { token: string }).token);
    await lineOf(await call("GET", "/api/v2/members/me", { Authorization: token })); // the reset one, dead now
    await lineOf(await call("DELETE", `/api/v2/tokens/${cloned._id}`));
    expect(seen.every((s) => /^api-/.test(s))).toBe(true);

    const routes = entries().map((entry) => `${String(entry.method)} ${String(entry.route)} ${String(entry.status)}`);
    for (const expected of ["POST /api/v2/tokens 201", "POST /api/v2/tokens/:id/clone 201", "POST /api/v2/tokens/:id/reset 200", "DELETE /api/v2/tokens/:id 204", "GET /api/v2/members/me 401"]) {
      expect(routes).toContain(expected);
    }
    for (const line of written) {
      for (const s of seen) expect(line.includes(s)).toBe(false);
      expect(containsTokenSecret(line)).toBe(false);
    }

    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    const exposition = await metrics.text();
    expect(exposition).toContain('tollgate_http_requests_total{door="api",route="/api/v2/tokens/:id/reset",method="POST",status="200"}');
    expect(exposition).toContain(`tollgate_database_info{driver="${testDatabaseKind}"} 1`);
    for (const value of [...seen, name, id, cloned._id, a.writer.displayName, a.owner.displayName, METRICS_TOKEN]) expect(exposition.includes(value), value).toBe(false);
    expect(containsTokenSecret(exposition)).toBe(false);
  });
});
