import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { Unauthenticated } from "../errors";
import { API_SECURITY_HEADERS } from "../security-headers";
import { CURRENT_API_VERSION } from "../tokens";
import { TOLLGATE_VERSION } from "../version";
import { z } from "zod";
import { authenticate, unauthorized } from "./authenticate";
import { setResponseHeader, type ApiEnv } from "./context";
import { apiCors } from "./cors";
import { apiError, errorResponse } from "./errors";
import { pathMethods, type PathMethods } from "./methods";
import { observeApiRequest } from "./observe";
import { generateDocument, OPENAPI_PATH } from "./openapi/document";
import { documented } from "./openapi/operation";
import { apiRootSchema } from "./openapi/schemas";
import { API_BASE } from "./paths";
import { bodyLimitFor, bodyTooLargeMessage, MAX_BODY_BYTES, MAX_POLICY_BODY_BYTES } from "./request";
import { auditlogRoutes } from "./routes/auditlog";
import { memberRoutes } from "./routes/members";
import { projectRoutes } from "./routes/projects";
import { roleRoutes } from "./routes/roles";
import { tokenRoutes } from "./routes/tokens";

export { API_BASE };
export { CURRENT_API_VERSION };

const SECURITY_HEADERS = Object.entries(API_SECURITY_HEADERS);
const openApiSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }).meta({ id: "OpenApiDocument" });

/**
 * The REST API (README, "The REST API"). One Hono app, served by server.ts straight from Node's HTTP server in
 * production and mounted in app/api/v2/[[...path]]/route.ts for `next dev`. Routes are thin:
 * authenticate → parse → one domain call → represent.
 */
export function createApiApp() {
  const api = new Hono<ApiEnv>().basePath(API_BASE);

  // First, so it sees every answer, refusals and errors included.
  api.use(observeApiRequest);
  api.use(async (c, next) => {
    // Under the production server they go onto Node's response first, whatever the route then
    // answers (a WHATWG Headers object per response is a large share of a small request's cost).
    if (c.env?.outgoing) for (const [name, value] of SECURITY_HEADERS) setResponseHeader(c, name, value);
    await next();
    if (!c.env?.outgoing) for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
  });
  // Before authentication, so refusals carry it too and a preflight needs no token.
  api.use(apiCors);
  // A method the path does not have is 405 with the methods it has, before authentication (the
  // document lists them for anyone); a path the API lacks is left to notFound (404).
  let methodsOf: PathMethods | undefined;
  api.use(async (c, next) => {
    const allowed = (methodsOf ??= pathMethods(api.routes))(c.req.path);
    if (!allowed.length || allowed.includes(c.req.method)) return next();
    c.header("Allow", allowed.join(", "));
    return apiError(c, "method_not_allowed", `${c.req.method} is not allowed here; allowed: ${allowed.join(", ")}`);
  });
  const limitBodyTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => {
        // The rest of the body is never read, so this connection cannot carry another request:
        // say so, or a keep-alive client sends its next request into a socket about to be reset.
        c.header("Connection", "close");
        return apiError(c, "invalid_request", bodyTooLargeMessage(maxSize));
      },
    });
  const limits = { [MAX_BODY_BYTES]: limitBodyTo(MAX_BODY_BYTES), [MAX_POLICY_BODY_BYTES]: limitBodyTo(MAX_POLICY_BODY_BYTES) };
  // No route reads the body of a GET or HEAD, so there is nothing to limit (and checking would
  // build a whole WHATWG Request for every read).
  api.use((c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limits[bodyLimitFor(c.req.path)]!(c, next)));

  // The API root needs no authentication: it is what a client (or a benchmark) calls to find
  // its way, and the floor that the authenticated routes are measured against.
  api.get(
    "/",
    documented("Other", { operationId: "getRoot", summary: "The API root: its version and links to its resources", public: true, ok: { status: 200, schema: apiRootSchema, description: "The API root" } }),
    (c) =>
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
  // This API's OpenAPI document, generated from the routes' own descriptions on first request.
  let document: ReturnType<typeof generateDocument> | undefined;
  api.get(
    OPENAPI_PATH,
    documented("Other", { operationId: "getOpenApiDocument", summary: "This OpenAPI 3.1 document", public: true, ok: { status: 200, schema: openApiSchema, description: "The OpenAPI document" } }),
    async (c) => c.json(await (document ??= generateDocument(api as never))),
  );

  api.use("/*", authenticate);
  api.route("/tokens", tokenRoutes);
  api.route("/members", memberRoutes);
  api.route("/roles", roleRoutes);
  api.route("/projects", projectRoutes);
  api.route("/auditlog", auditlogRoutes);

  api.notFound((c) => apiError(c, "not_found", "No such resource"));
  api.onError((error, c) => (error instanceof Unauthenticated ? unauthorized(c) : errorResponse(c, error)));
  return api;
}

let app: ReturnType<typeof createApiApp> | undefined;

/** This bundle's API app, built on first use (its state lives in lib/ singletons, not here). */
export function apiApp() {
  return (app ??= createApiApp());
}
