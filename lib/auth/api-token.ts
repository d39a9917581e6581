import { sql } from "drizzle-orm";
import { database, onTransactionEnd, queryRows, type Db } from "../../db/client";
import { listenForChanges, type Subscription } from "../../db/notifications";
import type { MemberView } from "../members/types";
import { countCacheLookup } from "../operations/metrics";
import { memberPolicy, type BuiltInRole } from "../policy";
import { extractToken, hashTokenSecret, isWellFormedToken } from "../tokens/format";
import type { Actor } from "../tokens/types";
import { storedPolicy, tokenActor, tokenPolicyOf, type StoredTokenPermission } from "./actor";
import { TokenCache } from "./token-cache";

export interface ApiCaller {
  actor: Actor;
  defaultApiVersion: number;
  /** The member behind the token, read with it (`GET /members/me` answers with this). */
  member: MemberView;
}

type MemberRole = { id: string; key: string; name: string; policy: unknown };

interface Row {
  token_id: string;
  secret_id: string;
  account_id: string;
  name: string;
  service_token: boolean;
  permission_kind: "role" | "customRoles" | "inline";
  role: BuiltInRole | null;
  inline_role: unknown;
  default_api_version: number;
  last_used_at: Date | string | null;
  token_expires_at: Date | string | null;
  secret_expires_at: Date | string | null;
  member_id: string;
  email: string;
  first_name: string;
  last_name: string;
  member_role: BuiltInRole;
  member_removed: boolean;
  member_created_at: Date | string;
  member_last_sign_in_at: Date | string | null;
  personal_token_count: number | string;
  token_role_policies: unknown[] | null;
  member_roles: MemberRole[];
}

/** What the cache keeps of a successful authentication: everything but the caller's address. */
interface Authenticated {
  caller: ApiCaller;
  /** Epoch ms, or null: never used. */
  lastUsedAt: number | null;
}

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const CHANNEL = "tollgate_auth";

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
  const hash = hashTokenSecret(secret);
  const cache = await authCache();
  const cached = cache.get(hash);
  countCacheLookup(cached ? "hit" : cache.trusted ? "miss" : "off");
  const found = cached ?? (await lookUp(cache, hash));
  if (!found) return null;
  noteTokenUse(found.caller.actor.token!.id, found.lastUsedAt);
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

async function lookUp(cache: TokenCache<Authenticated>, hash: string): Promise<Authenticated | null> {
  const generation = cache.generation;
  const db = await database();
  const [row] = await queryRows<Row>(
    db,
    sql`select t.id as token_id, s.id as secret_id, t.account_id, t.name, t.service_token, t.permission_kind, t.role, t.inline_role,
          t.default_api_version, t.last_used_at, t.expires_at as token_expires_at, s.expires_at as secret_expires_at,
          m.id as member_id, m.email, m.first_name, m.last_name, m.role as member_role,
          (m.removed_at is not null) as member_removed, m.created_at as member_created_at,
          m.last_sign_in_at as member_last_sign_in_at,
          (select count(*) from access_tokens pt
            where pt.account_id = t.account_id and pt.member_id = m.id and not pt.service_token) as personal_token_count,
          case when t.permission_kind = 'customRoles' then (
            select coalesce(json_agg(cr.policy order by cr.key), '[]'::json)
            from access_token_custom_roles tcr
            join custom_roles cr on cr.id = tcr.role_id and cr.account_id = t.account_id
            where tcr.token_id = t.id) end as token_role_policies,
          (select coalesce(json_agg(json_build_object('id', cr.id, 'key', cr.key, 'name', cr.name, 'policy', cr.policy) order by cr.key), '[]'::json)
            from member_custom_roles mcr
            join custom_roles cr on cr.id = mcr.role_id and cr.account_id = t.account_id
            where mcr.member_id = m.id) as member_roles
        from token_secrets s
        join access_tokens t on t.id = s.token_id
        join members m on m.id = t.member_id
        where s.hash = ${hash}
          and (s.expires_at is null or s.expires_at > now())
          and (t.expires_at is null or t.expires_at > now())
        limit 1`,
  );
  if (!row || (!row.service_token && row.member_removed)) return null;
  const found = { caller: callerOf(row), lastUsedAt: row.last_used_at === null ? null : date(row.last_used_at).getTime() };
  const expiries = [row.secret_expires_at, row.token_expires_at].filter((v) => v !== null).map((v) => date(v).getTime());
  cache.set(hash, { value: found, tokenId: row.token_id, memberId: row.member_id, expiresAt: Math.min(Infinity, ...expiries) }, generation);
  return found;
}

function callerOf(row: Row): ApiCaller {
  const permission: StoredTokenPermission =
    row.permission_kind === "role" && row.role
      ? { kind: "role", role: row.role }
      : row.permission_kind === "customRoles"
        ? { kind: "customRoles", policies: row.token_role_policies ?? [] }
        : { kind: "inline", policy: row.inline_role };
  // A service token acts with its own policy only; its creator's custom roles don't narrow it.
  const memberPolicies = row.service_token ? [] : row.member_roles.map((r) => storedPolicy(r.policy));
  return {
    defaultApiVersion: row.default_api_version,
    member: {
      id: row.member_id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      role: row.member_role,
      customRoles: row.member_roles.map(({ id, key, name }) => ({ id, key, name })),
      removed: row.member_removed,
      // A token's member made it while signed in, so accepted their invitation long ago.
      pending: false,
      createdAt: date(row.member_created_at),
      lastSignInAt: row.member_last_sign_in_at === null ? null : date(row.member_last_sign_in_at),
      personalTokenCount: Number(row.personal_token_count),
    },
    actor: tokenActor({
      accountId: row.account_id,
      member: { id: row.member_id, email: row.email, role: row.member_role, policy: memberPolicy(row.member_role, row.member_id, memberPolicies) },
      token: {
        id: row.token_id,
        name: row.name,
        serviceToken: row.service_token,
        role: row.permission_kind === "role" ? row.role : null,
        policy: tokenPolicyOf(permission, row.service_token ? null : row.member_id),
        secretId: row.secret_id,
        expiresAt: row.token_expires_at === null ? null : date(row.token_expires_at),
      },
      ip: null,
    }),
  };
}

const CACHE_KEY = Symbol.for("tollgate.tokenCache");
interface CacheState {
  cache: TokenCache<Authenticated>;
  /** The database the current subscription listens to. */
  db: Db | null;
  subscription: Promise<Subscription | null> | null;
}
type CacheHolder = { [CACHE_KEY]?: CacheState };

/**
 * This process's cache (both bundles share it), subscribed to the change notifications of the
 * database that is open now: a closed and reopened database gets a new subscription, and the
 * cache stays off until that one is listening.
 */
async function authCache(): Promise<TokenCache<Authenticated>> {
  const holder = globalThis as CacheHolder;
  const state = (holder[CACHE_KEY] ??= (() => {
    const cache = new TokenCache<Authenticated>({ maxEntries: 10_000, maxAgeMs: 60_000 });
    // What this instance changes is dropped as its transaction ends, before the change's
    // notification has made its way back.
    onTransactionEnd(() => cache.invalidate("all"));
    return { cache, db: null, subscription: null };
  })());
  const db = await database();
  if (state.db !== db) subscribe(state, db);
  return state.cache;
}

/** Whether this instance is answering from its cache now, and how many tokens it holds (tests, diagnostics). */
export async function authCacheStatus(): Promise<{ trusted: boolean; size: number }> {
  const cache = await authCache();
  return { trusted: cache.trusted, size: cache.size };
}

function subscribe(state: CacheState, db: Db) {
  const previous = state.subscription;
  state.db = db;
  state.cache.setTrusted(false);
  // Only the newest subscription may turn the cache on or off.
  const subscription: Promise<Subscription | null> = listenForChanges(CHANNEL, {
    notify: (subject) => state.cache.invalidate(subject),
    listening: (listening) => {
      if (state.subscription === subscription) state.cache.setTrusted(listening);
    },
  }).catch(() => {
    // Not listening: the cache stays off, and the next request tries again.
    if (state.subscription === subscription) state.db = null;
    return null;
  });
  state.subscription = subscription;
  void previous?.then((old) => old?.stop());
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
