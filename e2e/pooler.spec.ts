import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiStatus, CLIENT } from "./net";
import { PGBOUNCER_PATH, startTransactionPooler, type Pooler } from "./pooler";
import { startServer, type ExtraServer } from "./servers";
import { apiTokenOf, E2E_DATABASE_URL, E2E_PORT, EXTRA_PORT } from "./support";

// Property 3 (SECURITY.md), behind a connection pooler: PgBouncer in transaction mode hands each
// statement to whichever server connection is free, so a LISTEN lands on one of them and its
// notifications never reach the instance — while every query, the old `select 1` heartbeat
// included, still succeeds. An instance must notice that (its heartbeat is a NOTIFY that has to
// come back) and stop answering from its cache; README tells operators to give LISTEN a direct
// connection (TOLLGATE_LISTEN_DATABASE_URL), which the second test uses.
const auth = (token: string) => ({ headers: { Authorization: token } });
// Well under the cache's 60-second maximum age, well over the heartbeat's window.
const REFUSED_WITHIN_MS = 20_000;

async function createToken(request: APIRequestContext) {
  const response = await request.post(`http://localhost:${E2E_PORT}/api/v2/tokens`, {
    ...auth(apiTokenOf("writer")),
    data: { name: `pooled ${Math.random().toString(36).slice(2, 7)}` },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { _id: string; token: string };
}

async function deleteOnMainInstance(request: APIRequestContext, id: string) {
  expect((await request.delete(`http://localhost:${E2E_PORT}/api/v2/tokens/${id}`, auth(apiTokenOf("writer")))).status()).toBe(204);
}

test.describe("an instance behind a transaction-mode PgBouncer", () => {
  // A pooler and a second instance exist only with PostgreSQL; the embedded database is in process.
  test.skip(!E2E_DATABASE_URL, "poolers and second instances exist only with PostgreSQL; this run uses the embedded database");
  test.skip(!PGBOUNCER_PATH, "no pgbouncer binary (scripts/ensure-pgbouncer.mjs installs Debian's when it can)");

  let pooler: Pooler;
  let pooled: ExtraServer;
  let directListen: ExtraServer;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    pooler = await startTransactionPooler(EXTRA_PORT.pooler, E2E_DATABASE_URL!);
    pooled = await startServer(EXTRA_PORT.pooledInstance, { DATABASE_URL: pooler.url });
    directListen = await startServer(EXTRA_PORT.pooledDirectListen, { DATABASE_URL: pooler.url, TOLLGATE_LISTEN_DATABASE_URL: E2E_DATABASE_URL! });
  });
  test.afterAll(async () => {
    await pooled?.stop();
    await directListen?.stop();
    await pooler?.stop();
  });

  test("refuses a token deleted through another instance long before its cache would have expired it", async ({ request }) => {
    test.setTimeout(60_000);
    const onPooled = (token: string) => apiStatus(CLIENT.revocation, EXTRA_PORT.pooledInstance, token);
    const token = await createToken(request);
    // Twice: were the cache on, the second answer would come from it.
    expect(await onPooled(token.token)).toBe(200);
    expect(await onPooled(token.token)).toBe(200);
    await deleteOnMainInstance(request, token._id);
    await expect.poll(() => onPooled(token.token), { timeout: REFUSED_WITHIN_MS, intervals: [250] }).toBe(401);
    expect(pooled.running()).toBe(true);
    // And it tells the operator why, and what to do.
    await expect.poll(() => pooled.output()).toContain("the LISTEN connection receives no notifications");
    expect(pooled.output()).toContain("TOLLGATE_LISTEN_DATABASE_URL");
  });

  test("with a direct LISTEN connection, refuses a token deleted through another instance on the very next request", async ({ request }) => {
    const onDirect = (token: string) => apiStatus(CLIENT.revocation, EXTRA_PORT.pooledDirectListen, token);
    const token = await createToken(request);
    expect(await onDirect(token.token)).toBe(200);
    expect(await onDirect(token.token)).toBe(200);
    await deleteOnMainInstance(request, token._id);
    expect(await onDirect(token.token)).toBe(401);
    expect(directListen.output()).not.toContain("the LISTEN connection receives no notifications");
  });
});
