// The REST API's entry: the Hono app (app.ts) that server.ts serves under /api/v2, and what tests
// and the e2e specs need to know of its limits.
export { API_BASE, apiApp, createApiApp } from "./app";
export { FAILED_AUTH_LIMIT, FAILED_AUTH_WINDOW_SECONDS, TOKEN_WINDOW_SECONDS } from "./rate-limit";
export { UNAUTHORIZED_MESSAGE } from "./authenticate";
export { referenceApp, REFERENCE_PATH } from "./openapi/reference";
export { errorSchema } from "./openapi/schemas";
