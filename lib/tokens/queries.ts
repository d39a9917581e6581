// Reading tokens. Every query is scoped by account, names its columns, and joins only the
// current secret's ending: no hash ever leaves lib/tokens, so no door can show or log one.
import { and, asc, count, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { database } from "../../db/client";
import { accessTokenCustomRoles, accessTokens, customRoles, members, tokenSecrets } from "../../db/schema";
import { groupBy, likeContains } from "../../db/sql";
import type { Reader } from "../../db/tx";
import { assertActorCurrent, canSeeToken, ownerOfPersonalTokens, type Actor } from "../access";
import { Forbidden, NotFound } from "../errors";
import type { ListTokensQuery, TokenView } from "./types";
import { parseListQuery } from "./validation";
import { toTokenView, type CustomRoleSummary, type TokenRow } from "./views";
import { serviceTokenQuota } from "./write";

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

// "desc nulls last" matches the indexes (access_tokens_*_created_idx), so PostgreSQL reads them in
// order instead of sorting every visible token.
const newestFirst = [sql`${accessTokens.createdAt} desc nulls last`, sql`${accessTokens.id} desc nulls last`];

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

function visibilityFilter(actor: Actor, query: ReturnType<typeof parseListQuery>): SQL | undefined {
  const own = ownerOfPersonalTokens(actor);
  if (query.memberId !== null) {
    // "Only this member's personal tokens": another member's need the show-all right.
    if (query.memberId !== own && !actor.canViewAllTokens) {
      throw new Forbidden("Only admins and owners can list other members' tokens");
    }
    return and(eq(accessTokens.memberId, query.memberId), eq(accessTokens.serviceToken, false));
  }
  if (query.showAll) {
    if (!actor.canViewAllTokens) throw new Forbidden("Only admins and owners can list every member's tokens");
    return undefined;
  }
  const service = eq(accessTokens.serviceToken, true);
  return own === null ? service : or(service, eq(accessTokens.memberId, own));
}

/**
 * The actor's own personal tokens and every service token (and with showAll, everyone's),
 * newest first. Two queries for the page (rows with member and ending, then their custom roles)
 * and one count, whatever the page size.
 */
export async function listVisibleTokens(
  actor: Actor,
  query: ListTokensQuery,
): Promise<{ items: TokenView[]; totalCount: number }> {
  const q = parseListQuery(query);
  const where = and(
    eq(accessTokens.accountId, actor.accountId),
    visibilityFilter(actor, q),
    q.type === "all" ? undefined : eq(accessTokens.serviceToken, q.type === "service"),
    q.search === "" ? undefined : ilike(accessTokens.name, likeContains(q.search)),
  );
  const db = await database();
  // A deferred join: the page's ids first, in order, from the index alone (an index-only scan
  // steps over `offset` entries without touching a row), then the page's rows, members and
  // endings for those ids only. Joined in one query, the planner would join and sort every
  // visible token to skip the first `offset` of them (offset 9,000 of 10,000: 25 ms against 2).
  const page = db
    .select({ id: accessTokens.id })
    .from(accessTokens)
    .where(where)
    .orderBy(...newestFirst)
    .limit(q.limit)
    .offset(q.offset)
    .as("page");
  const [rows, [total]] = await Promise.all([
    db
      .select(rowColumns)
      .from(page)
      .innerJoin(accessTokens, eq(accessTokens.id, page.id))
      .innerJoin(members, eq(members.id, accessTokens.memberId))
      .leftJoin(tokenSecrets, currentSecret)
      .orderBy(...newestFirst),
    db.select({ n: count() }).from(accessTokens).where(where),
  ]);
  return { items: await toViews(db, rows), totalCount: total?.n ?? 0 };
}

/** How many service tokens exist and may exist, so the create panel can explain a full quota up front. */
export async function serviceTokenUsage(actor: Actor): Promise<{ used: number; limit: number }> {
  return serviceTokenQuota(await database(), actor.accountId);
}
