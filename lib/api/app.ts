import { Hono } from "hono";
import { API_SECURITY_HEADERS } from "../security-headers";
import { CURRENT_API_VERSION } from "../tokens/api-versions";
import { TOLLGATE_VERSION } from "../version";
import { apiError, isDatabaseUnavailable } from "./errors";

export const API_BASE = "/api/v2";
export { CURRENT_API_VERSION } from "../tokens/api-versions";

/**
 * The REST API (SPEC §5). One Hono app, served by server.ts straight from Node's HTTP server in
 * production and mounted in app/api/v2/[[...path]]/route.ts for `next dev`.
 */
export function createApiApp() {
  const api = new Hono().basePath(API_BASE);

  api.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) c.header(name, value);
  });

  // The API root needs no authentication: it is what a client (or a benchmark) calls to find
  // its way, and the floor that the authenticated routes are measured against.
  api.get("/", (c) =>
    c.json({
      name: "Tollgate",
      version: TOLLGATE_VERSION,
      apiVersion: CURRENT_API_VERSION,
      _links: {
        self: { href: API_BASE, type: "application/json" },
        tokens: { href: `${API_BASE}/tokens`, type: "application/json" },
        members: { href: `${API_BASE}/members`, type: "application/json" },
        roles: { href: `${API_BASE}/roles`, type: "application/json" },
        projects: { href: `${API_BASE}/projects`, type: "application/json" },
        auditlog: { href: `${API_BASE}/auditlog`, type: "application/json" },
      },
    }),
  );

  api.notFound((c) => apiError(c, "not_found", "No such resource"));
  api.onError((error, c) => {
    if (isDatabaseUnavailable(error)) return apiError(c, "service_unavailable", "The database is unavailable; try again shortly");
    console.error(`[api] ${c.req.method} ${c.req.path} failed: ${error instanceof Error ? error.name : "error"}`);
    return apiError(c, "internal_error", "Something went wrong");
  });
  return api;
}

let app: ReturnType<typeof createApiApp> | undefined;

/** This bundle's API app, built on first use (its state lives in lib/ singletons, not here). */
export function apiApp() {
  return (app ??= createApiApp());
}
