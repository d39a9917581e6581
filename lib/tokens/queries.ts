// Reading tokens. Every query is scoped by account, names its columns, and joins only the
// current secret's ending: no hash ever leaves lib/tokens, so no door can show or log one.
import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { accessTokenCustomRoles, accessTokens, customRoles, members, tokenSecrets } from "../../db/schema";
import { groupBy, likeContains } from "../../db/sql";
import { database, queryRows } from "../../db/client";
import type { Reader } from "../../db/tx";
import { assertActorCurrent, canSeeToken, ownerOfPersonalTokens, type Actor } from "../access";
import { Forbidden, NotFound } from "../errors";
import { encodeCursor, type Cursor } from "../paging";
import type { ListTokensQuery, TokenPage, TokenView } from "./types";
import { parseListQuery, type ValidListQuery } from "./validation";
import { toTokenView, type CustomRoleSummary, type TokenRow } from "./views";

const rowColumns = {
  id: accessTokens.id,
  accountId: accessTokens.accountId,
  memberId: accessTokens.memberId,
  name: accessTokens.name,
  description: accessTokens.description,
  permissionKind: accessTokens.permissionKind,
  role: accessTokens.role,
  inlineRole: accessTokens.inlineRole,
  serviceToken: accessTokens.serviceToken,
  defaultApiVersion: accessTokens.defaultApiVersion,
  expiresAt: accessTokens.expiresAt,
  createdAt: accessTokens.createdAt,
  updatedAt: accessTokens.updatedAt,
  lastUsedAt: accessTokens.lastUsedAt,
  memberEmail: members.email,
  memberFirstName: members.firstName,
  memberLastName: members.lastName,
  memberRole: members.role,
  memberRemovedAt: members.removedAt,
  ending: tokenSecrets.ending,
};

// At most one current secret per token (a partial unique index), so joining it adds no rows.
const currentSecret = and(eq(tokenSecrets.tokenId, accessTokens.id), isNull(tokenSecrets.expiresAt));

function selectRows(db: Reader) {
  return db
    .select(rowColumns)
    .from(accessTokens)
    .innerJoin(members, eq(members.id, accessTokens.memberId))
    .leftJoin(tokenSecrets, currentSecret);
}

async function customRolesOf(db: Reader, tokenIds: string[]): Promise<Map<string, CustomRoleSummary[]>> {
  if (tokenIds.length === 0) return new Map();
  const rows = await db
    .select({ tokenId: accessTokenCustomRoles.tokenId, id: customRoles.id, key: customRoles.key, name: customRoles.name })
    .from(accessTokenCustomRoles)
    .innerJoin(customRoles, eq(customRoles.id, accessTokenCustomRoles.roleId))
    .where(inArray(accessTokenCustomRoles.tokenId, tokenIds))
    .orderBy(asc(customRoles.key));
  return groupBy(rows, "tokenId");
}

async function toViews(db: Reader, rows: TokenRow[]): Promise<TokenView[]> {
  const roles = await customRolesOf(
    db,
    rows.filter((r) => r.permissionKind === "customRoles").map((r) => r.id),
  );
  const now = new Date();
  return rows.map((row) => toTokenView(row, roles.get(row.id) ?? [], now));
}

/**
 * One token of the actor's account, whether or not the actor may see it (callers decide), or
 * null. With `lock`, the token row is locked until the transaction ends: updates and resets of
 * one token then run one after another.
 */
export async function findToken(db: Reader, accountId: string, tokenId: string, lock = false): Promise<TokenView | null> {
  const query = selectRows(db)
    .where(and(eq(accessTokens.accountId, accountId), eq(accessTokens.id, tokenId)))
    .limit(1);
  const rows = lock ? await query.for("update", { of: accessTokens }) : await query;
  const [view] = await toViews(db, rows);
  return view ?? null;
}

/**
 * A token the actor may see, or NotFound — never Forbidden, which would confirm it exists.
 *
 * Locking the caller's own token may have meant waiting for a reset, deletion or permission
 * change of that very token to commit, after the transaction's first check of the caller; so
 * the caller is checked again now that the lock is held — and before the write can end the
 * secret it called with itself (a token may reset or delete itself).
 */
export async function findVisibleToken(db: Reader, actor: Actor, tokenId: string, lock = false): Promise<TokenView> {
  const view = await findToken(db, actor.accountId, tokenId, lock);
  if (lock && actor.kind === "token" && tokenId === actor.token.id) await assertActorCurrent(db, actor);
  if (!view || !canSeeToken(actor, view)) throw new NotFound("No such token");
  return view;
}

export async function getVisibleToken(actor: Actor, tokenId: string): Promise<TokenView> {
  return findVisibleToken(await database(), actor, tokenId);
}

/** Who may see what, as SQL on `access_tokens` (the list's filters; the account is added by the caller). */
function visibilityFilter(actor: Actor, query: ValidListQuery): SQL | undefined {
  const own = ownerOfPersonalTokens(actor);
  if (query.memberId !== null) {
    // "Only this member's personal tokens": another member's need the show-all right.
    if (query.memberId !== own && !actor.canViewAllTokens) {
      throw new Forbidden("Only admins and owners can list other members' tokens");
    }
    return sql`access_tokens.member_id = ${query.memberId} and not access_tokens.service_token`;
  }
  if (query.showAll) {
    if (!actor.canViewAllTokens) throw new Forbidden("Only admins and owners can list every member's tokens");
    return undefined;
  }
  return own === null ? sql`access_tokens.service_token` : sql`(access_tokens.service_token or access_tokens.member_id = ${own})`;
}

function listFilter(actor: Actor, q: ValidListQuery): SQL {
  const parts = [
    sql`access_tokens.account_id = ${actor.accountId}`,
    visibilityFilter(actor, q),
    q.type === "all" ? undefined : q.type === "service" ? sql`access_tokens.service_token` : sql`not access_tokens.service_token`,
    q.search === "" ? undefined : sql`access_tokens.name ilike ${likeContains(q.search)}`,
  ].filter((part): part is SQL => part !== undefined);
  return sql.join(parts, sql` and `);
}

// The position a cursor names, rebuilt exactly from whole microseconds (no time zone, no rounding).
const afterCursor = (cursor: Cursor) =>
  sql` and (access_tokens.created_at, access_tokens.id) < (timestamptz 'epoch' + ${cursor.at}::float8 * interval '1 microsecond', ${cursor.id})`;

// One row per token of the page: the token, its member, its current secret's ending, its custom
// roles (JSON, only for tokens that have them) and its keyset position. Times come as whole
// milliseconds, which is all a Date holds.
const PAGE_ROWS = sql.raw(`
  select t.id, t.account_id, t.member_id, t.name, t.description, t.permission_kind, t.role, t.inline_role,
    t.service_token, t.default_api_version,
    floor(extract(epoch from t.expires_at) * 1000)::float8 as expires_ms,
    floor(extract(epoch from t.created_at) * 1000)::float8 as created_ms,
    floor(extract(epoch from t.updated_at) * 1000)::float8 as updated_ms,
    floor(extract(epoch from t.last_used_at) * 1000)::float8 as last_used_ms,
    (extract(epoch from t.created_at) * 1000000)::bigint::text as cursor_at,
    m.email, m.first_name, m.last_name, m.role as member_role, m.removed_at is not null as member_removed,
    s.ending,
    case when t.permission_kind = 'customRoles' then (
      select coalesce(json_agg(json_build_object('id', cr.id, 'key', cr.key, 'name', cr.name) order by cr.key), '[]'::json)
      from access_token_custom_roles tr join custom_roles cr on cr.id = tr.role_id
      where tr.token_id = t.id) end as custom_roles,
    page.created_at as sort_at
  from page
  join access_tokens t on t.id = page.id
  join members m on m.id = t.member_id
  left join token_secrets s on s.token_id = t.id and s.expires_at is null`);

const OUTER_COLUMNS = sql.raw(`c.total, r.id, r.account_id, r.member_id, r.name, r.description, r.permission_kind, r.role,
  r.inline_role, r.service_token, r.default_api_version, r.expires_ms, r.created_ms, r.updated_ms, r.last_used_ms,
  r.cursor_at, r.email, r.first_name, r.last_name, r.member_role, r.member_removed, r.ending, r.custom_roles`);

interface PageRow {
  total: number;
  id: string | null;
  account_id: string;
  member_id: string;
  name: string;
  description: string;
  permission_kind: TokenRow["permissionKind"];
  role: TokenRow["role"];
  inline_role: unknown[] | null;
  service_token: boolean;
  default_api_version: number;
  expires_ms: number | null;
  created_ms: number;
  updated_ms: number;
  last_used_ms: number | null;
  cursor_at: string;
  email: string;
  first_name: string;
  last_name: string;
  member_role: TokenRow["memberRole"];
  member_removed: boolean;
  ending: string | null;
  custom_roles: CustomRoleSummary[] | null;
}

const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms));

function viewOf(row: PageRow, now: Date): TokenView {
  const tokenRow: TokenRow = {
    id: row.id!,
    accountId: row.account_id,
    memberId: row.member_id,
    name: row.name,
    description: row.description,
    permissionKind: row.permission_kind,
    role: row.role,
    inlineRole: row.inline_role,
    serviceToken: row.service_token,
    defaultApiVersion: row.default_api_version,
    expiresAt: dateOf(row.expires_ms),
    createdAt: new Date(row.created_ms),
    updatedAt: new Date(row.updated_ms),
    lastUsedAt: dateOf(row.last_used_ms),
    memberEmail: row.email,
    memberFirstName: row.first_name,
    memberLastName: row.last_name,
    memberRole: row.member_role,
    memberRemovedAt: row.member_removed ? now : null,
    ending: row.ending,
  };
  return toTokenView(tokenRow, row.custom_roles ?? [], now);
}

/**
 * The actor's own personal tokens and every service token (and with showAll, everyone's),
 * newest first, from `offset` on — counted from the `after` cursor when there is one.
 *
 * One statement for the page, its count, members, endings and custom roles (each round trip to
 * the database costs the server more CPU than the rows it brings). The page is a deferred join:
 * its ids first, in order, from the index alone (an index-only scan steps over `offset` entries
 * without touching a row, and a cursor starts it at the right entry), then the page's rows for
 * those ids only. One row more than asked says whether a next page exists.
 */
export async function listVisibleTokens(actor: Actor, query: ListTokensQuery): Promise<TokenPage> {
  const q = parseListQuery(query);
  const where = listFilter(actor, q);
  const db = await database();
  const rows = await queryRows<PageRow>(
    db,
    sql`with counted as (select count(*)::int as total from access_tokens where ${where}),
    page as (${q.offset < FAR_OFFSET || q.after ? pageForward(where, q.after, q.limit, q.offset) : pageAt(where, q.limit, q.offset)})
    select ${OUTER_COLUMNS}
    from counted c
    left join lateral (${PAGE_ROWS}) r on true
    order by r.sort_at desc nulls last, r.id desc nulls last`,
  );
  const now = new Date();
  const found = rows[0]?.id ? rows : [];
  const items = found.slice(0, q.limit).map((row) => viewOf(row, now));
  const last = found[q.limit - 1];
  return {
    items,
    totalCount: rows[0]?.total ?? 0,
    nextCursor: found.length > q.limit && last ? encodeCursor({ at: last.cursor_at, id: last.id! }) : null,
  };
}

const NEWEST_FIRST = sql.raw("order by access_tokens.created_at desc nulls last, access_tokens.id desc nulls last");
const OLDEST_FIRST = sql.raw("order by access_tokens.created_at asc nulls first, access_tokens.id asc nulls first");

/**
 * From this offset on (without a cursor) a page is read from whichever end of the index is
 * nearer (`pageAt`). Below it the entries are stepped over directly: the two-ended statement
 * costs the planner more — about a millisecond on the embedded database — than a thousand
 * index entries cost to step over.
 */
export const FAR_OFFSET = 1_000;

/** The ids of the page `offset` rows on (after the cursor's position, if any), and one more, newest first. */
const pageForward = (where: SQL, after: Cursor | null, limit: number, offset: number) =>
  sql`select access_tokens.id, access_tokens.created_at from access_tokens
    where ${where}${after ? afterCursor(after) : sql``} ${NEWEST_FIRST} limit ${limit + 1} offset ${offset}`;

/**
 * The ids of the page at `offset` (and one more), read from whichever end of the index is
 * nearer: `offset` steps over that many index entries, so a page in the older half is read
 * oldest first, stepping over the `total - offset` entries behind it instead. At most half the
 * list is ever stepped over, and the last page costs what the first does. Only one of the two
 * scans runs (each is guarded by a one-time test of the count); the same snapshot serves both.
 */
const pageAt = (where: SQL, limit: number, offset: number) =>
  sql`(select access_tokens.id, access_tokens.created_at from access_tokens
      where ${where} and (select ${offset}::int * 2 <= total from counted)
      ${NEWEST_FIRST} limit ${limit + 1} offset ${offset})
    union all
    (select access_tokens.id, access_tokens.created_at from access_tokens
      where ${where} and (select ${offset}::int * 2 > total from counted)
      ${OLDEST_FIRST}
      limit (select least(${limit + 1}::int, greatest(total - ${offset}::int, 0)) from counted)
      offset (select greatest(total - 1 - ${offset}::int - ${limit}::int, 0) from counted))`;

/**
 * How many service tokens exist and may exist, so the create panel can explain a full quota up
 * front: one statement (the write path counts under a lock instead, write.ts).
 */
export async function serviceTokenUsage(actor: Actor): Promise<{ used: number; limit: number }> {
  const [row] = await queryRows<{ used: number; limit: number }>(
    await database(),
    sql`select accounts.service_token_limit as "limit",
      (select count(*)::int from access_tokens where access_tokens.account_id = accounts.id and access_tokens.service_token) as used
      from accounts where accounts.id = ${actor.accountId}`,
  );
  if (!row) throw new NotFound("No such account");
  return row;
}
