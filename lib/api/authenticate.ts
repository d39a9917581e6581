import type { Context, MiddlewareHandler } from "hono";
import { authenticateApiToken, clientIpFrom, refusalReason } from "../auth";
import { countAuthentication } from "../operations";
import { parseApiVersionHeader, UNKNOWN_API_VERSION_MESSAGE } from "./api-version";
import { requestHeader, setResponseHeader, type ApiEnv } from "./context";
import { apiError } from "./errors";
import { consumeTokenRequest, recordFailedAuth } from "./rate-limit";

/** One answer for every refused credential: unknown, malformed, expired, deleted, reset or revoked. */
export const UNAUTHORIZED_MESSAGE = "Invalid or missing access token";

/** What authentication adds to the response of a caller it accepted. */
const ACCEPTED_CALLER_HEADERS = ["X-Ratelimit-Route-Remaining", "X-Ratelimit-Reset", "LD-API-Version"];

/**
 * The one 401. It also answers a caller whose credential died between authentication and its
 * write (Unauthenticated from the domain), without the headers authentication had added for
 * it, so that refusal is byte for byte the same as any other.
 */
export function unauthorized(c: Context<ApiEnv>) {
  const outgoing = c.env?.outgoing;
  for (const name of ACCEPTED_CALLER_HEADERS) {
    if (outgoing && !outgoing.headersSent) outgoing.removeHeader(name);
    c.header(name, undefined);
  }
  return apiError(c, "unauthorized", UNAUTHORIZED_MESSAGE);
}

/**
 * Every authenticated route starts here: every door starts with who is calling. Only the
 * Authorization header counts: session cookies are ignored, so /api/v2 has no CSRF surface, and
 * a token in the query string is never accepted (it would end up in logs and histories).
 */
export const authenticate: MiddlewareHandler<ApiEnv> = async (c, next) => {
  // Node's parsed headers under the production server (server.ts has just set the address there).
  const ip = clientIpFrom(c.env?.incoming?.headers ?? c.req.raw.headers);
  c.set("clientIp", ip);

  // The failed-authentication limit refuses guesses, never valid tokens: many honest clients can
  // share one address (CI runners behind a NAT), and one of them sending bad tokens must not cut
  // the others off. So the token is checked first, whatever the address's record. What a blocked
  // address's invalid token costs is what any invalid token costs: a malformed or bad-checksum one
  // no database work, a well-formed unknown one a single indexed lookup of its hash.
  const authorization = requestHeader(c, "authorization");
  const caller = await authenticateApiToken(authorization, ip);
  if (!caller) {
    const state = await recordFailedAuth(ip);
    if (!state.allowed) {
      countAuthentication("api", "throttled", "failed_auth_limit");
      c.header("Retry-After", String(state.retryAfterSeconds));
      return apiError(c, "rate_limited", "Too many failed authentication attempts; try again later");
    }
    countAuthentication("api", "refused", refusalReason(authorization));
    return unauthorized(c);
  }

  const limit = await consumeTokenRequest(caller.actor.token.id);
  setResponseHeader(c, "X-Ratelimit-Route-Remaining", String(limit.remaining));
  setResponseHeader(c, "X-Ratelimit-Reset", String(limit.resetAt));
  if (!limit.allowed) {
    countAuthentication("api", "throttled", "token_rate_limit");
    c.header("Retry-After", String(limit.retryAfterSeconds));
    return apiError(c, "rate_limited", "Rate limit exceeded for this token; try again later");
  }
  countAuthentication("api", "ok", "token");

  // LD-API-Version overrides the token's default; an unknown version is a client error.
  const requested = requestHeader(c, "ld-api-version");
  const chosen = requested === undefined ? { version: caller.defaultApiVersion, echo: String(caller.defaultApiVersion) } : parseApiVersionHeader(requested);
  if (chosen === null) return apiError(c, "invalid_request", UNKNOWN_API_VERSION_MESSAGE);
  c.set("actor", caller.actor);
  c.set("member", caller.member);
  c.set("apiVersion", chosen.version);
  setResponseHeader(c, "LD-API-Version", chosen.echo);
  await next();
};
