import { describe, expect, it } from "vitest";
import { presentsToken } from "./endpoints";
import { countAuthentication, countCacheLookup, countRequest, countSignIn, exposition, observeDatabase } from "./metrics";

describe("metrics", () => {
  it("counts requests by door, route template, method and status, with their latency", async () => {
    countRequest("api", "/api/v2/tokens/:id", "GET", 200, 0.012);
    countRequest("api", "/api/v2/tokens/:id", "GET", 200, 0.003);
    countRequest("console", "/settings/authorization", "POST", 303, 0.2);
    const { body, contentType } = await exposition();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('tollgate_http_requests_total{door="api",route="/api/v2/tokens/:id",method="GET",status="200"} 2');
    expect(body).toContain('tollgate_http_requests_total{door="console",route="/settings/authorization",method="POST",status="303"} 1');
    expect(body).toContain('tollgate_http_request_duration_seconds_bucket{le="0.005",door="api",route="/api/v2/tokens/:id",method="GET"} 1');
    expect(body).toContain('tollgate_http_request_duration_seconds_count{door="api",route="/api/v2/tokens/:id",method="GET"} 2');
  });

  it("counts authentication outcomes by category and the cache's answers", async () => {
    countAuthentication("api", "refused", "malformed");
    countSignIn({ ok: false, reason: "throttled" });
    countSignIn({ ok: true });
    countCacheLookup("hit");
    countCacheLookup("hit");
    countCacheLookup("off");
    const { body } = await exposition();
    expect(body).toContain('tollgate_authentications_total{door="api",outcome="refused",reason="malformed"} 1');
    expect(body).toContain('tollgate_authentications_total{door="console",outcome="throttled",reason="sign_in_limit"} 1');
    expect(body).toContain('tollgate_authentications_total{door="console",outcome="ok",reason="password"} 1');
    expect(body).toContain('tollgate_auth_cache_lookups_total{result="hit"} 2');
    expect(body).toContain('tollgate_auth_cache_lookups_total{result="off"} 1');
  });

  it("reads the PostgreSQL pool at each scrape, and has no pool gauges on the embedded database", async () => {
    observeDatabase("pglite", {});
    let { body } = await exposition();
    expect(body).toContain('tollgate_database_info{driver="pglite"} 1');
    expect(body).not.toMatch(/^tollgate_db_pool_connections\{/m);

    const pool = { totalCount: 4, idleCount: 1, waitingCount: 0, options: { max: 10 } };
    observeDatabase("postgres", pool);
    pool.waitingCount = 2;
    ({ body } = await exposition());
    expect(body).toContain('tollgate_database_info{driver="postgres"} 1');
    expect(body).toContain('tollgate_db_pool_connections{pool="main"} 4');
    expect(body).toContain('tollgate_db_pool_idle_connections{pool="main"} 1');
    expect(body).toContain('tollgate_db_pool_waiting_requests{pool="main"} 2');
    expect(body).toContain('tollgate_db_pool_max_connections{pool="main"} 10');
  });
});

describe("the metrics token", () => {
  const token = "0123456789abcdef0123456789abcdef";

  it("is accepted only as `Bearer <token>`, exactly", () => {
    expect(presentsToken(`Bearer ${token}`, token)).toBe(true);
    for (const header of [undefined, "", token, `bearer ${token}`, `Bearer ${token} `, `Bearer ${token}x`, `Bearer ${token.slice(1)}`, "Bearer ", `Basic ${token}`]) {
      expect(presentsToken(header, token), String(header)).toBe(false);
    }
  });
});
