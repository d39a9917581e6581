// The one query behind API-token authentication: a live secret of an unexpired token, found by
// its hash, with everything the request needs about the token and its member.
import { sql } from "drizzle-orm";
import { database, queryRows } from "../../db/client";
import type { TokenActor } from "../access";
import type { MemberView } from "../members";
import { memberPolicy, storedPolicy, type BuiltInRole } from "../policy";
import { tokenActor, tokenPolicyOf, type StoredTokenPermission } from "./actor";
import type { CacheEntry } from "./token-cache";

export interface ApiCaller {
  actor: TokenActor;
  defaultApiVersion: number;
  /** The member behind the token, read with it (`GET /members/me` answers with this). */
  member: MemberView;
}

/** What the cache keeps of a successful authentication: everything but the caller's address. */
export interface Authenticated {
  caller: ApiCaller;
  /** Epoch ms, or null: never used. */
  lastUsedAt: number | null;
}

/** A lookup's result, with what the cache needs to drop it at the right moment. */
export type Found = CacheEntry<Authenticated>;

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

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/**
 * One indexed query: a live secret of an unexpired token — and, for a personal token, an active
 * member, whose current role and custom roles come back in the same query so a demotion applies
 * on the next request. Service tokens are not tied to their creator's membership. Null: refused.
 */
export async function lookUpSecret(hash: string): Promise<Found | null> {
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
  const expiries = [row.secret_expires_at, row.token_expires_at].filter((v) => v !== null).map((v) => date(v).getTime());
  return {
    value: { caller: callerOf(row), lastUsedAt: row.last_used_at === null ? null : date(row.last_used_at).getTime() },
    tokenId: row.token_id,
    memberId: row.member_id,
    expiresAt: Math.min(Infinity, ...expiries),
  };
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
      // Only a member who has set a password can hold a token, so never a pending invitation.
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
