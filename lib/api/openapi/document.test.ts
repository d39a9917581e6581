import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { createApiApp } from "../app";

const app = createApiApp();
const documentOf = async () => (await (await app.request("/api/v2/openapi.json")).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
const openApiPath = (path: string) => path.replace(/:([^/]+)/g, "{$1}");

describe("the OpenAPI document", () => {
  it("is served without a token and is a valid OpenAPI 3.1 document", async () => {
    const response = await app.request("/api/v2/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string };
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("describes every route the API registers, and nothing it does not", async () => {
    const { paths } = await documentOf();
    const registered = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`));
    const documented = new Set(Object.entries(paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`)));
    expect([...registered].sort()).toEqual([...documented].sort());
    expect(registered.size).toBeGreaterThan(20);
  });

  it("documents every error an authenticated operation can answer, with LaunchDarkly's error body", async () => {
    const { paths } = await documentOf();
    const getToken = paths["/api/v2/tokens/{id}"]!.get as { responses: Record<string, { content?: Record<string, { schema: unknown }>; headers: Record<string, unknown> }> };
    expect(Object.keys(getToken.responses).sort()).toEqual(["200", "400", "401", "403", "404", "429", "500", "503"]);
    expect(getToken.responses["404"]!.content!["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect(Object.keys(getToken.responses["200"]!.headers)).toEqual(expect.arrayContaining(["X-Ratelimit-Route-Remaining", "X-Ratelimit-Reset", "LD-API-Version", "X-Request-Id"]));
    expect(Object.keys(getToken.responses["429"]!.headers)).toContain("Retry-After");
  });
});

describe("methods and origins", () => {
  it("answers a method a path does not have 405, listing the methods it has, before any token is checked", async () => {
    for (const [method, path, allow] of [
      ["PUT", "/api/v2/tokens", "GET, HEAD, OPTIONS, POST"],
      ["POST", "/api/v2/tokens/abc", "DELETE, GET, HEAD, OPTIONS, PATCH"],
      ["DELETE", "/api/v2", "GET, HEAD, OPTIONS"],
      ["GET", "/api/v2/tokens/abc/reset", "OPTIONS, POST"],
    ] as const) {
      const response = await app.request(path, { method, headers: { "X-Request-Id": "m-1" } });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("Allow")).toBe(allow);
      expect(await response.json()).toEqual({ code: "method_not_allowed", message: `${method} is not allowed here; allowed: ${allow}`, id: "m-1" });
    }
  });

  it("leaves a path the API does not have to authentication and 404, never 405", async () => {
    const response = await app.request("/api/v2/flags", { method: "PUT" });
    expect(response.status).toBe(401);
  });

  it("answers a CORS preflight from any origin for a token header, never allowing credentials", async () => {
    const response = await app.request("/api/v2/tokens", {
      method: "OPTIONS",
      headers: { Origin: "https://scripts.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
    expect(response.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    const refusal = await app.request("/api/v2/tokens", { headers: { Origin: "https://scripts.example" } });
    expect(refusal.status).toBe(401);
    expect(refusal.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(refusal.headers.get("Access-Control-Allow-Credentials")).toBeNull();
  });
});
