import { describe, expect, it } from "vitest";
import { acceptedRequestId, apiRouteOf, methodLabel, pageRouteOf, pageRoutesFrom, UNMATCHED_ROUTE } from "./labels";

// The shape of .next/routes-manifest.json, with a dynamic page whose segment could carry a secret.
const routes = pageRoutesFrom({
  caseSensitive: false,
  staticRoutes: [
    { page: "/", regex: "^/(?:/)?$" },
    { page: "/login", regex: "^/login(?:/)?$" },
    { page: "/settings/authorization", regex: "^/settings/authorization(?:/)?$" },
  ],
  dynamicRoutes: [
    { page: "/api/auth/[...nextauth]", regex: "^/api/auth/(.+?)(?:/)?$" },
    { page: "/set-password/[token]", regex: "^/set\\-password/([^/]+?)(?:/)?$" },
  ],
});

describe("route templates", () => {
  it("names a page by its template, never by its path, query string or a dynamic segment", () => {
    expect(pageRouteOf("/settings/authorization", routes)).toBe("/settings/authorization");
    expect(pageRouteOf("/settings/authorization?showAll=1&token=api-xyz", routes)).toBe("/settings/authorization");
    expect(pageRouteOf("/api/auth/callback/credentials", routes)).toBe("/api/auth/[...nextauth]");
    expect(pageRouteOf("/set-password/Zm9vYmFyYmF6cXV4cXV1eA", routes)).toBe("/set-password/[token]");
    expect(pageRouteOf("/", routes)).toBe("/");
  });

  it("names a page's RSC payload and the build's assets by what they belong to", () => {
    expect(pageRouteOf("/settings/authorization.rsc", routes)).toBe("/settings/authorization");
    expect(pageRouteOf("/login.segments/_tree.segment.rsc", routes)).toBe("/login");
    expect(pageRouteOf("/_next/static/chunks/abc123.js", routes)).toBe("/_next/static");
  });

  it("calls every other path unmatched, whatever it holds", () => {
    for (const path of ["/wp-admin", "/settings/authorization/extra", "/api-abcdefghijklmnopqrstuvwxyz0123456789", "/%2e%2e/etc/passwd"]) {
      expect(pageRouteOf(path, routes), path).toBe(UNMATCHED_ROUTE);
    }
    expect(pageRouteOf("/login", [])).toBe(UNMATCHED_ROUTE);
  });

  it("names an API request by the endpoint Hono matched first, past the middleware, or unmatched", () => {
    const middleware = [
      { method: "ALL", path: "/api/v2/*" },
      { method: "ALL", path: "/api/v2/*" },
    ];
    expect(apiRouteOf([...middleware, { method: "GET", path: "/api/v2/tokens/:id" }])).toBe("/api/v2/tokens/:id");
    expect(apiRouteOf([...middleware, { method: "POST", path: "/api/v2/tokens/:id/reset" }, { method: "ALL", path: "/api/v2/tokens/*" }])).toBe("/api/v2/tokens/:id/reset");
    // Registered first, so it answers: /members/me, not /members/:id.
    expect(apiRouteOf([...middleware, { method: "GET", path: "/api/v2/members/me" }, { method: "GET", path: "/api/v2/members/:id" }])).toBe("/api/v2/members/me");
    expect(apiRouteOf(middleware)).toBe(UNMATCHED_ROUTE);
  });

  it("keeps the method label to the methods HTTP defines", () => {
    expect(methodLabel("PATCH")).toBe("PATCH");
    expect(methodLabel("PROPFIND")).toBe("OTHER");
    expect(methodLabel(undefined)).toBe("OTHER");
  });
});

describe("request ids a client may choose", () => {
  it("takes a short plain id, such as a UUID or a proxy's hex id", () => {
    expect(acceptedRequestId("3f2b8c1e-7a4d-4e9b-9c1a-2b3c4d5e6f70")).toBe("3f2b8c1e-7a4d-4e9b-9c1a-2b3c4d5e6f70");
    expect(acceptedRequestId("a1b2c3d4e5f6")).toBe("a1b2c3d4e5f6");
  });

  it("refuses anything that could break a log line or carry a secret", () => {
    const refused = [
      undefined,
      "",
      "x".repeat(65),
      "id with spaces",
      'quote"d',
      "line\nbreak",
      "{\"json\":1}",
      "api-0123456789abcdefghijABCDEFGHIJ012345", // shaped like an access token
      "prefix-api-0123456789abcdefghijABCDEFGHIJ012345",
    ];
    for (const value of refused) expect(acceptedRequestId(value), String(value)).toBeUndefined();
    expect(acceptedRequestId(["a", "b"])).toBeUndefined();
  });
});
