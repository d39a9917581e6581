import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { setResponseHeader, type ApiEnv } from "./context";
import { CALLER_HEADERS } from "./openapi/operation";

/**
 * Any origin may call the API from a browser, as LaunchDarkly's allows: with a token in a header,
 * never with cookies. `Access-Control-Allow-Origin: *` without `Allow-Credentials` means a browser
 * sends no cookie along and would not show the page the answer if it did — and the API never takes
 * a cookie as a credential anyway (authenticate.ts), so a page on another origin can do nothing
 * with it that it could not do with a token of its own (SECURITY.md, "Cross-origin API calls").
 */
const OPTIONS = {
  origin: "*",
  allowMethods: ["GET", "POST", "PATCH", "DELETE"],
  allowHeaders: ["Authorization", "Content-Type", "LD-API-Version", "X-Request-Id"],
  exposeHeaders: [...Object.keys(CALLER_HEADERS), "LD-API-Version", "X-Request-Id", "Retry-After", "Allow"],
  maxAge: 600,
  credentials: false,
};
const preflight = cors(OPTIONS);
const EXPOSED = OPTIONS.exposeHeaders.join(",");

/**
 * Preflights are hono's `cors` middleware's. Every other answer gets the two headers a simple
 * request needs (what that middleware would add with these options), set the way the security
 * headers are: straight onto Node's response under the production server. The middleware itself
 * touches `c.res` before the route answers, which makes Hono copy every answer into a full WHATWG
 * Response — a sixth of a cached token list's CPU (docs/benchmarks.md).
 */
export const apiCors: MiddlewareHandler<ApiEnv> = (c, next) => {
  if (c.req.method === "OPTIONS") return preflight(c, next);
  setResponseHeader(c, "Access-Control-Allow-Origin", OPTIONS.origin);
  setResponseHeader(c, "Access-Control-Expose-Headers", EXPOSED);
  return next();
};
