import { cors } from "hono/cors";
import { CALLER_HEADERS } from "./openapi/operation";

/**
 * Any origin may call the API from a browser, as LaunchDarkly's allows: with a token in a header,
 * never with cookies. `Access-Control-Allow-Origin: *` without `Allow-Credentials` means a browser
 * sends no cookie along and would not show the page the answer if it did — and the API never takes
 * a cookie as a credential anyway (authenticate.ts), so a page on another origin can do nothing
 * with it that it could not do with a token of its own (SECURITY.md, "Cross-origin API calls").
 */
export const apiCors = cors({
  origin: "*",
  allowMethods: ["GET", "POST", "PATCH", "DELETE"],
  allowHeaders: ["Authorization", "Content-Type", "LD-API-Version", "X-Request-Id"],
  exposeHeaders: [...Object.keys(CALLER_HEADERS), "LD-API-Version", "X-Request-Id", "Retry-After", "Allow"],
  maxAge: 600,
  credentials: false,
});
