import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { apiRouteOf, noteCaller, requestRecordOf } from "../operations";
import type { ApiEnv } from "./context";

/**
 * Tells server.ts's request log line and metrics (lib/operations/requests.ts) what only the API
 * knows once it has answered: the route template Hono matched (`/api/v2/tokens/:id`, never the
 * path with its id) and the calling token and its member. Nothing to do under `next dev`, where
 * server.ts does not run.
 */
export const observeApiRequest: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  const record = requestRecordOf(c.env?.incoming);
  if (!record) return;
  record.route = apiRouteOf(matchedRoutes(c));
  const actor = c.get("actor");
  if (actor) noteCaller({ memberId: actor.memberId, tokenId: actor.token?.id }, record);
};
