import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { ApiEnv } from "./context";
import { apiCors } from "./cors";

const app = new Hono<ApiEnv>().use(apiCors).get("/thing", (c) => c.json({ ok: true })).get("/refused", (c) => c.json({ code: "forbidden" }, 403));

describe("the API's CORS headers", () => {
  it("lets any origin read an answer and the caller headers, without credentials", async () => {
    for (const path of ["/thing", "/refused"]) {
      const response = await app.request(path, { headers: { Origin: "https://elsewhere.example" } });
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
      expect(response.headers.get("access-control-expose-headers")).toContain("Retry-After");
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("answers a preflight with the methods and headers a token call uses, and no credentials", async () => {
    const response = await app.request("/thing", {
      method: "OPTIONS",
      headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST,PATCH,DELETE");
    expect(response.headers.get("access-control-allow-headers")).toBe("Authorization,Content-Type,LD-API-Version,X-Request-Id");
    expect(response.headers.get("access-control-max-age")).toBe("600");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });
});
