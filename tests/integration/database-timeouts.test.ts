import { testDatabaseKind } from "../helpers/env";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, database, databaseQueryCount } from "@/db/client";
import { startRelay } from "@/e2e/net";
import { isDatabaseUnavailable } from "@/lib/errors";
import { authCacheStatus, authenticateApiToken } from "@/lib/auth";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";

// Property 14 (SECURITY.md): every wait on PostgreSQL is bounded, so a silent partition — the
// connection stays open, nothing comes back — ends in an "unavailable" error (the API's 503)
// instead of a request that hangs, and the authentication cache stops trusting a notification
// connection that went silent. This process reaches PostgreSQL through a TCP relay (e2e/net.ts)
// that the tests make swallow everything. PostgreSQL only: the embedded database runs inside the
// process, with no network that could fail.
const direct = process.env.DATABASE_URL!;
const unavailable = (promise: Promise<unknown>) => promise.then(() => "answered", (error: unknown) => (isDatabaseUnavailable(error) ? "unavailable" : `other: ${String(error)}`));

describe.skipIf(testDatabaseKind !== "postgres")("bounded waits on a silent PostgreSQL", () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let a: TestAccount;
  let admin: pg.Client;

  beforeAll(async () => {
    const target = new URL(direct);
    relay = await startRelay(0, { host: target.hostname, port: Number(target.port || 5432) });
    const through = new URL(direct);
    through.hostname = "127.0.0.1";
    through.port = String(relay.port);
    // Short timeouts keep the file quick; the defaults are in lib/env.ts.
    Object.assign(process.env, {
      DATABASE_URL: through.toString(),
      TOLLGATE_DB_CONNECT_TIMEOUT_MS: "1000",
      TOLLGATE_DB_STATEMENT_TIMEOUT_MS: "1000",
      TOLLGATE_DB_QUERY_TIMEOUT_MS: "2000",
    });
    a = await createTestAccount();
    admin = new pg.Client({ connectionString: direct });
    await admin.connect();
  });
  afterAll(async () => {
    relay.setMode("up");
    await admin?.end();
    await closeDatabase();
    await relay?.close();
  });

  /** Back to a healthy database: the relay forwards again and the pool answers. */
  const heal = async () => {
    relay.setMode("up");
    const db = await database();
    await expect.poll(() => unavailable(db.execute(sql`select 1`)), { timeout: 15_000 }).toBe("answered");
  };
  beforeEach(heal);

  it("gives up on a query that is never answered, as unavailable", async () => {
    const db = await database();
    await db.execute(sql`select 1`);
    relay.setMode("blackhole");
    expect(await unavailable(db.execute(sql`select 1`))).toBe("unavailable");
  });

  it("gives up on a transaction whose statement is never answered, and closes its connection so PostgreSQL rolls it back", async () => {
    const db = await database();
    let pid = 0;
    const transaction = db.transaction(async (tx) => {
      const { rows } = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: Array<{ pid: number }> };
      pid = rows[0]!.pid;
      relay.setMode("blackhole");
      await tx.execute(sql`select 1`);
    });
    expect(await unavailable(transaction)).toBe("unavailable");
    expect(pid).toBeGreaterThan(0); // it did begin, on a live connection
    // Not offered again with its query still unanswered: the connection is gone, server side too.
    await expect
      .poll(async () => (await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where pid = $1", [pid])).rows[0]?.n, { timeout: 15_000 })
      .toBe(0);
  });

  it("gives up waiting for a connection when none answers, with more callers than the pool has connections", async () => {
    const db = await database();
    relay.setMode("blackhole");
    const results = await Promise.all(Array.from({ length: 15 }, () => unavailable(db.execute(sql`select 1`))));
    expect(results).toEqual(Array.from({ length: 15 }, () => "unavailable"));
  });

  it("has PostgreSQL cancel a statement that runs past the statement timeout, as unavailable, and keeps serving", async () => {
    const db = await database();
    expect(await unavailable(db.execute(sql`select pg_sleep(5)`))).toBe("unavailable");
    expect(await unavailable(db.execute(sql`select 1`))).toBe("answered");
  });

  it("stops answering from its cache when the notification connection goes silent, so a token revoked elsewhere is not accepted", async () => {
    const { secret, token } = await createAccessToken(a.writer, { name: "partitioned", permission: { kind: "role", role: "reader" } });
    await expect.poll(async () => (await authCacheStatus()).trusted, { timeout: 15_000 }).toBe(true);
    await expect
      .poll(async () => {
        expect(await authenticateApiToken(secret, null)).not.toBeNull();
        const before = databaseQueryCount();
        await authenticateApiToken(secret, null);
        return databaseQueryCount() - before;
      }, { timeout: 5_000, interval: 50 })
      .toBe(0); // answered from memory

    relay.setMode("blackhole");
    // Another instance revokes it; this one cannot hear about it.
    await admin.query("update token_secrets set expires_at = now() - interval '1 second' where token_id = $1", [token.id]);
    await expect.poll(async () => (await authCacheStatus()).trusted, { timeout: 15_000 }).toBe(false);
    expect(await unavailable(authenticateApiToken(secret, null))).toBe("unavailable");

    await heal();
    expect(await authenticateApiToken(secret, null)).toBeNull();
  });
});
