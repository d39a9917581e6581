import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "hono";
import type { TokenActor } from "../access";
import type { MemberView } from "../members";

/** What the authentication middleware leaves for the routes. */
export type ApiEnv = {
  /** @hono/node-server's bindings (production); absent when Next's route handler serves the API (`next dev`). */
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse };
  Variables: {
    actor: TokenActor;
    /** The member behind the calling token, as authentication read it. */
    member: MemberView;
    apiVersion: number;
    clientIp: string;
  };
};

export type ApiContext = Context<ApiEnv>;

/**
 * Sets a header of the response being built. Under the production server it goes straight onto
 * Node's response, which merges it into the one Hono writes: per-request headers that every
 * authenticated call carries (rate limit, API version) then cost a native call instead of a
 * WHATWG Headers object — a measurable share of the API's busiest path (docs/benchmarks.md).
 */
export function setResponseHeader(c: ApiContext, name: string, value: string): void {
  const outgoing = c.env?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}

/**
 * A request header, read from Node's parsed request under the production server (no WHATWG
 * Headers object is built), else from Hono's request. Repeated headers are joined with ", " either
 * way, as the Fetch standard does — so two Authorization headers are one malformed value, not a
 * choice between them.
 */
export function requestHeader(c: ApiContext, name: string): string | undefined {
  const incoming = c.env?.incoming;
  if (!incoming) return c.req.header(name);
  return incoming.headersDistinct[name.toLowerCase()]?.join(", ");
}
