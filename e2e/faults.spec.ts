import { expect, test } from "@playwright/test";
import { containsTokenSecret } from "../lib/secrets";
import { requestFrom, startRelay } from "./net";
import { startServer, type ExtraServer } from "./servers";
import { apiTokenOf, E2E_DATABASE_URL, E2E_PORT, EXTRA_PORT, storageStateOf } from "./support";

// Properties 9 and 14 (SECURITY.md): when PostgreSQL goes away — or the network to it goes
// silent — the API says 503, pages say so, nothing crashes or hangs, and service resumes by itself. A server of its own reaches the e2e database
// through a TCP relay (e2e/net.ts) that the test cuts and restores. (Nothing half-written after
// a failure mid-operation: tests/integration/tokens-atomicity.test.ts.)
test.describe("the database goes away and comes back", () => {
  test.skip(!E2E_DATABASE_URL, "the embedded database lives inside the server process and cannot go away on its own");

  let server: ExtraServer;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const port = EXTRA_PORT.faultyInstance;
  const base = `http://localhost:${port}`;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const database = new URL(E2E_DATABASE_URL!);
    relay = await startRelay(EXTRA_PORT.databaseProxy, { host: database.hostname, port: Number(database.port || 5432) });
    const throughRelay = new URL(E2E_DATABASE_URL!);
    throughRelay.hostname = "127.0.0.1";
    throughRelay.port = String(EXTRA_PORT.databaseProxy);
    server = await startServer(port, { DATABASE_URL: throughRelay.toString() });
  });
  test.afterAll(async () => {
    await server?.stop();
    await relay?.close();
  });

  const tokens = (method = "GET") =>
    requestFrom("127.0.0.1", port, {
      method,
      path: "/api/v2/tokens",
      headers: { Authorization: apiTokenOf("reader"), "Content-Type": "application/json" },
      body: method === "POST" ? JSON.stringify({ name: `during the outage ${Date.now()}` }) : undefined,
    });
  // Every error body also carries an `id` (the request's, as X-Request-Id says).
  const UNAVAILABLE = { code: "service_unavailable", message: "The database is unavailable; try again shortly", id: expect.any(String) };

  test("API 503s and an error page while it is down — refused or silent — then recovery without a restart", async ({ browser }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({ storageState: storageStateOf("reader") });
    const page = await context.newPage();
    const settings = async () => {
      await page.goto(`${base}/settings/authorization`);
      return page.getByRole("heading", { level: 1 }).first().textContent();
    };
    expect((await tokens()).status).toBe(200);
    expect(await settings()).toBe("Authorization");

    // Down: every connection is refused, including those the pool already had open.
    relay.setMode("refusing");
    for (const method of ["GET", "POST"]) {
      const response = await tokens(method);
      expect(response.status, method).toBe(503);
      expect(JSON.parse(response.body)).toEqual(UNAVAILABLE);
    }
    expect(await settings()).toBe("This page could not be loaded");
    expect((await requestFrom("127.0.0.1", port, { path: "/api/v2" })).status).toBe(200); // still serving

    // Silent: connections open but nothing answers. The pool gives up after its connection
    // timeout (db/timeouts.ts), so the caller gets a 503, not a request that hangs.
    relay.setMode("silent");
    const silent = await tokens();
    expect(silent.status).toBe(503);
    expect(JSON.parse(silent.body)).toEqual(UNAVAILABLE);

    // Back: the same process serves again, with no restart.
    relay.setMode("up");
    await expect.poll(async () => (await tokens()).status, { timeout: 20_000 }).toBe(200);
    expect(await settings()).toBe("Authorization");
    expect(server.running()).toBe(true);
    expect(containsTokenSecret(server.output())).toBe(false);
    await context.close();
  });

  test("a silent partition: a deleted token stops being accepted from cache, every request 503s instead of hanging, then recovery", async ({ request }) => {
    test.setTimeout(180_000);
    // Generous: "it answers" rather than "it hangs" (the defaults bound a request to ~15 s).
    const HANGS_AFTER_MS = 30_000;
    const call = (token: string, method = "GET", path = "/api/v2/tokens") =>
      requestFrom("127.0.0.1", port, {
        method,
        path,
        headers: { Authorization: token, "Content-Type": "application/json" },
        body: method === "POST" ? JSON.stringify({ name: `during the partition ${Date.now()}` }) : undefined,
        hangsAfterMs: HANGS_AFTER_MS,
      });
    const created = await request.post(`http://localhost:${E2E_PORT}/api/v2/tokens`, {
      headers: { Authorization: apiTokenOf("writer") },
      data: { name: `partitioned ${Date.now()}` },
    });
    expect(created.status()).toBe(201);
    const token = (await created.json()) as { _id: string; token: string };
    // GET /members/me answers with what authentication read: from the cache, no other query.
    const me = (secret: string) => call(secret, "GET", "/api/v2/members/me");
    await expect.poll(async () => (await me(token.token)).status, { timeout: 20_000 }).toBe(200);
    expect((await me(token.token)).status).toBe(200); // now from this instance's cache, if it trusts it

    // Packets vanish; nothing is reset. The token is deleted through the main instance, whose
    // notification this instance can no longer receive.
    relay.setMode("blackhole");
    const deleted = await request.delete(`http://localhost:${E2E_PORT}/api/v2/tokens/${token._id}`, { headers: { Authorization: apiTokenOf("writer") } });
    expect(deleted.status()).toBe(204);

    // Until the heartbeat misses, the cache may still answer; then the database must, and cannot.
    const seen: Array<number | string> = [];
    await expect
      .poll(
        async () => {
          const answer = await me(token.token).then((r) => r.status, (error: Error) => error.message);
          seen.push(answer);
          return answer;
        },
        { timeout: 60_000, intervals: [500] },
      )
      .toBe(503);
    expect(seen.every((status) => status === 200 || status === 503), seen.join(",")).toBe(true);

    // From then on nothing comes from the cache and nothing hangs — nor do more requests at
    // once than the pool has connections. (Transactions: tests/integration/database-timeouts.test.ts.)
    for (const method of ["GET", "POST"]) {
      const response = await call(token.token, method);
      expect(response.status, method).toBe(503);
      expect(JSON.parse(response.body)).toEqual(UNAVAILABLE);
    }
    expect((await me(token.token)).status).toBe(503);
    const crowd = await Promise.all(Array.from({ length: 15 }, () => call(apiTokenOf("reader"))));
    expect(crowd.map((r) => r.status)).toEqual(Array.from({ length: 15 }, () => 503));

    relay.setMode("up");
    await expect.poll(async () => (await call(apiTokenOf("reader"))).status, { timeout: 30_000 }).toBe(200);
    expect((await me(token.token)).status).toBe(401);
    expect(server.running()).toBe(true);
  });

  test("/readyz answers 503 while PostgreSQL is unreachable — refused or silent — and 200 once it is back; /healthz answers 200 throughout", async () => {
    test.setTimeout(90_000);
    // Generous: "it answers" rather than "it hangs" (readiness waits 2 s at most).
    const probe = (path: string) => requestFrom("127.0.0.1", port, { path, hangsAfterMs: 30_000 });
    expect((await probe("/readyz")).status).toBe(200);

    relay.setMode("refusing");
    const down = await probe("/readyz");
    expect(down.status).toBe(503);
    expect(down.headers["cache-control"]).toBe("no-store");
    expect(down.body).toBe("not ready: the database does not answer\n");
    expect((await probe("/healthz")).status).toBe(200);

    relay.setMode("silent");
    expect((await probe("/readyz")).status).toBe(503);
    expect((await probe("/healthz")).status).toBe(200);

    relay.setMode("up");
    await expect.poll(async () => (await probe("/readyz")).status, { timeout: 30_000 }).toBe(200);
    // Logged as it changed (the output arrives through a pipe: wait for it).
    await expect.poll(() => server.output()).toContain("not ready: the database does not answer");
    await expect.poll(() => server.output()).toContain("ready again");
  });
});
