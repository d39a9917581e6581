import { sql } from "drizzle-orm";
import { database, queryRows } from "../../db/client";
import { memberPolicy, type BuiltInRole } from "../policy";
import { extractToken, hashTokenSecret, isWellFormedToken } from "../tokens/format";
import type { Actor } from "../tokens/types";
import { storedPolicy, tokenActor, tokenPolicyOf, type StoredTokenPermission } from "./actor";

export interface ApiCaller {
  actor: Actor;
  defaultApiVersion: number;
}

interface Row {
  token_id: string;
  account_id: string;
  name: string;
  service_token: boolean;
  permission_kind: "role" | "customRoles" | "inline";
  role: BuiltInRole | null;
  inline_role: unknown;
  default_api_version: number;
  last_used_at: Date | string | null;
  member_id: string;
  email: string;
  member_role: BuiltInRole;
  member_removed: boolean;
  token_role_policies: unknown[] | null;
  member_role_policies: unknown[] | null;
}

/**
 * Who is calling the REST API. A malformed value or a bad checksum is refused before any
 * database work; otherwise one indexed lookup by the secret's SHA-256 (never the secret) finds a
 * live secret of an unexpired token — and, for a personal token, an active member, whose current
 * role and custom roles come back in the same query so a demotion applies on the next request.
 * Service tokens are not tied to their creator's membership. Null means 401, whatever the reason.
 */
export async function authenticateApiToken(authorization: string | null | undefined, ip: string | null): Promise<ApiCaller | null> {
  const secret = extractToken(authorization);
  if (!secret || !isWellFormedToken(secret)) return null;
  const db = await database();
  const [row] = await queryRows<Row>(
    db,
    sql`select t.id as token_id, t.account_id, t.name, t.service_token, t.permission_kind, t.role, t.inline_role,
          t.default_api_version, t.last_used_at, m.id as member_id, m.email, m.role as member_role,
          (m.removed_at is not null) as member_removed,
          case when t.permission_kind = 'customRoles' then (
            select coalesce(json_agg(cr.policy order by cr.key), '[]'::json)
            from access_token_custom_roles tcr
            join custom_roles cr on cr.id = tcr.role_id and cr.account_id = t.account_id
            where tcr.token_id = t.id) end as token_role_policies,
          case when not t.service_token then (
            select coalesce(json_agg(cr.policy order by cr.key), '[]'::json)
            from member_custom_roles mcr
            join custom_roles cr on cr.id = mcr.role_id and cr.account_id = t.account_id
            where mcr.member_id = m.id) end as member_role_policies
        from token_secrets s
        join access_tokens t on t.id = s.token_id
        join members m on m.id = t.member_id
        where s.hash = ${hashTokenSecret(secret)}
          and (s.expires_at is null or s.expires_at > now())
          and (t.expires_at is null or t.expires_at > now())
        limit 1`,
  );
  if (!row || (!row.service_token && row.member_removed)) return null;

  const permission: StoredTokenPermission =
    row.permission_kind === "role" && row.role
      ? { kind: "role", role: row.role }
      : row.permission_kind === "customRoles"
        ? { kind: "customRoles", policies: row.token_role_policies ?? [] }
        : { kind: "inline", policy: row.inline_role };
  const memberPolicies = (row.member_role_policies ?? []).map((p) => storedPolicy(p));
  noteTokenUse(row.token_id, row.last_used_at);
  return {
    defaultApiVersion: row.default_api_version,
    actor: tokenActor({
      accountId: row.account_id,
      member: { id: row.member_id, email: row.email, role: row.member_role, policy: memberPolicy(row.member_role, row.member_id, memberPolicies) },
      token: {
        id: row.token_id,
        name: row.name,
        serviceToken: row.service_token,
        role: row.permission_kind === "role" ? row.role : null,
        policy: tokenPolicyOf(permission, row.service_token ? null : row.member_id),
      },
      ip,
    }),
  };
}

const LAST_USED_RESOLUTION_MS = 60_000;
const KEY = Symbol.for("tollgate.lastUsedWrites");
type Holder = { [KEY]?: Map<string, number> };

/**
 * lastUsed is written at most about once a minute per token, off the request path (not awaited).
 * The conditional update keeps concurrent requests and other instances from writing it again,
 * and never moves it backwards.
 */
function noteTokenUse(tokenId: string, lastUsedAt: Date | string | null) {
  const now = Date.now();
  if (lastUsedAt && now - new Date(lastUsedAt).getTime() < LAST_USED_RESOLUTION_MS) return;
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
