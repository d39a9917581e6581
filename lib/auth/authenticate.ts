// API-token authentication: who is calling the REST API.
import { sql } from "drizzle-orm";
import { database } from "../../db/client";
import { extractToken, hashTokenSecret, isWellFormedToken } from "../secrets";
import { cachedAuthentication } from "./cache";
import type { ApiCaller } from "./lookup";

/**
 * Who is calling the REST API. A malformed value or a bad checksum is refused before any
 * database work. Otherwise the secret's SHA-256 (never the secret) is looked up in this
 * instance's cache of recent authentications (lib/auth/token-cache.ts: kept exact by the
 * database's change notifications), and on a miss with one indexed query that finds a live
 * secret of an unexpired token — and, for a personal token, an active member, whose current role
 * and custom roles come back in the same query so a demotion applies on the next request.
 * Service tokens are not tied to their creator's membership. Null means 401, whatever the reason.
 */
export async function authenticateApiToken(authorization: string | null | undefined, ip: string | null): Promise<ApiCaller | null> {
  const secret = extractToken(authorization);
  if (!secret || !isWellFormedToken(secret)) return null;
  const found = await cachedAuthentication(hashTokenSecret(secret));
  if (!found) return null;
  noteTokenUse(found.caller.actor.token.id, found.lastUsedAt);
  return { ...found.caller, actor: { ...found.caller.actor, ip } };
}

/**
 * Why authenticateApiToken refused a header, in the categories metrics count (never the token):
 * none was sent, it was not a well-formed token, or no live token has that secret.
 */
export function refusalReason(authorization: string | null | undefined): "missing" | "malformed" | "unknown" {
  if (!authorization?.trim()) return "missing";
  const secret = extractToken(authorization);
  return secret && isWellFormedToken(secret) ? "unknown" : "malformed";
}

const LAST_USED_RESOLUTION_MS = 60_000;
const KEY = Symbol.for("tollgate.lastUsedWrites");
type Holder = { [KEY]?: Map<string, number> };

/**
 * lastUsed is written at most about once a minute per token, off the request path (not awaited).
 * The conditional update keeps concurrent requests and other instances from writing it again,
 * and never moves it backwards.
 */
function noteTokenUse(tokenId: string, lastUsedAt: number | null) {
  const now = Date.now();
  if (lastUsedAt !== null && now - lastUsedAt < LAST_USED_RESOLUTION_MS) return;
  const pending = ((globalThis as Holder)[KEY] ??= new Map());
  const last = pending.get(tokenId);
  if (last && now - last < LAST_USED_RESOLUTION_MS) return;
  pending.set(tokenId, now);
  if (pending.size > 10_000) pending.clear();
  void database()
    .then((db) =>
      db.execute(sql`update access_tokens set last_used_at = now()
        where id = ${tokenId} and (last_used_at is null or last_used_at < now() - interval '60 seconds')`),
    )
    .catch(() => pending.delete(tokenId));
}
