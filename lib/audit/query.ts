// Reading change history. Append-only: record.ts inserts, this reads, nothing updates
// or deletes. Admins and owners (or a token with their authority) see the whole account; every
// other member sees entries they caused (directly or through their tokens), entries about
// themselves as a member, and entries about their own personal tokens, deleted ones included.
// A token's owner is its creator, so those are the tokens whose personal-token creation or
// clone entry they caused, plus their current personal tokens (rows may predate history).
// Matching creations rather than any entry they caused keeps a token they merely edited from
// opening its owner's history to them. A service token belongs to no one: without an admin's
// role it sees only what it did and what was done to it. Non-admins never see the IP address of
// an entry someone else caused: that an admin reset your token is yours to know, where the
// admin sat is not.
import { and, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { database } from "../../db/client";
import type { Reader } from "../../db/tx";
import { accessTokens, auditLog, members } from "../../db/schema";
import { Invalid } from "../errors";
import { pageFields } from "../paging";
import { isAdminOrAbove, type Actor } from "../access";
import { globMatches, isAllowed, parsePolicyInput, type Action, type Policy } from "../policy";
import { accessesOf, targetResources, type ResourceAccess, type TokenFacts } from "./describe";
import type { AuditChanges, AuditTarget } from "./record";

export const DEFAULT_HISTORY_LIMIT = 25;
export const MAX_HISTORY_ACTORS = 200;
/** How many of the newest visible entries the actor filter's choices are drawn from. */
export const HISTORY_ACTOR_WINDOW = 10_000;
export const HISTORY_TARGET_KINDS = ["token", "member", "role", "project"] as const;

export type HistoryActorKind = "member" | "token" | "system";

export interface HistoryActor {
  kind: HistoryActorKind;
  memberId: string | null;
  tokenId: string | null;
  /** A snapshot taken when the entry was written (email or token name). */
  name: string;
}

/** A member as an entry names them: their current details (removed members keep theirs). */
export interface HistoryMember {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
}

export interface HistoryEntry {
  id: string;
  accountId: string;
  at: Date;
  /**
   * Who acted. For an action made with a token that is the token (its id and name): a service
   * token acts with its own authority, and even a personal token is not its member at the
   * keyboard. Its memberId is then the token's creator, never the actor.
   */
  actor: HistoryActor;
  /** For an action made with a token: the member who created the token, with their current email. */
  tokenCreator: HistoryMember | null;
  /** The member who acted, when a member did (null for tokens and the system). */
  actorMember: HistoryMember | null;
  /** For an action made with a token: whether it is a service token (null when no longer known). */
  actorTokenIsService: boolean | null;
  action: string;
  target: AuditTarget;
  /** The target's resource specifiers (lib/policy's names), as of the entry. */
  resources: string[];
  /** The policy actions the change was made with, on each of those resources. */
  accesses: ResourceAccess[];
  changes: AuditChanges;
  /** What whoever made the change said about it, if anything. */
  comment: string | null;
  /** Null when unknown, or hidden from a viewer who is not an admin and did not cause it. */
  ip: string | null;
}

export interface HistoryQuery {
  actorMemberId?: string;
  /** Entries caused through this token (the actor list offers token actors too). */
  actorTokenId?: string;
  targetKind?: (typeof HISTORY_TARGET_KINDS)[number];
  targetId?: string;
  action?: string;
  /** Inclusive, to the millisecond. */
  from?: Date;
  /** Inclusive, to the millisecond. */
  to?: Date;
  /** Only entries from before this millisecond (exclusive). */
  before?: Date;
  /** Only entries from after this millisecond (exclusive). */
  after?: Date;
  /** One entry, by id. */
  id?: string;
  /** Text the entry's target name, actor name, action or comment contains (any case). */
  search?: string;
  /** A resource specifier (with `*` globs) that one of the target's resources must match. */
  spec?: string;
  /** A policy (checked here) that must allow one of the entry's accesses. */
  policy?: unknown;
  /**
   * Page by date, as LaunchDarkly's clients do: newest first by time (not by seq, which concurrent
   * transactions can write out of time order), and never end a page inside a millisecond — when
   * the page's last entry shares its millisecond with entries after it, they are added, so a
   * client paging with `before = last.date` sees every entry once.
   */
  datePaging?: boolean;
  limit?: number;
  offset?: number;
}

/** How many of the newest entries that pass the other filters a `spec` or `policy` filter reads. */
export const HISTORY_MATCH_WINDOW = 10_000;
export const MAX_HISTORY_SEARCH_LENGTH = 200;

const idSchema = (field: string) =>
  z.string({ error: `${field} must be text` }).trim().min(1, `${field} cannot be empty`).max(64, `${field} is too long`);

const historyQuerySchema = z
  .object({
    actorMemberId: idSchema("actorMemberId").optional(),
    actorTokenId: idSchema("actorTokenId").optional(),
    targetKind: z.enum(HISTORY_TARGET_KINDS, { error: `targetKind must be one of ${HISTORY_TARGET_KINDS.join(", ")}` }).optional(),
    targetId: idSchema("targetId").optional(),
    action: idSchema("action").optional(),
    from: z.date({ error: "from must be a valid date" }).optional(),
    to: z.date({ error: "to must be a valid date" }).optional(),
    before: z.date({ error: "before must be a valid date" }).optional(),
    after: z.date({ error: "after must be a valid date" }).optional(),
    id: idSchema("id").optional(),
    search: z
      .string({ error: "The search must be text" })
      .trim()
      .max(MAX_HISTORY_SEARCH_LENGTH, `The search can be at most ${MAX_HISTORY_SEARCH_LENGTH} characters`)
      .optional(),
    spec: z.string({ error: "spec must be text" }).trim().min(1, "spec cannot be empty").max(256, "spec is too long").optional(),
    policy: z.unknown().transform(toFilterPolicy).optional(),
    datePaging: z.boolean().optional(),
    ...pageFields(DEFAULT_HISTORY_LIMIT),
  })
  .refine((q) => !q.from || !q.to || q.from.getTime() <= q.to.getTime(), { message: "from must not be after to", path: ["from"] });

/** A policy used as a filter: the same rules as one that is saved, or the first problem with it. */
function toFilterPolicy(input: unknown, ctx: z.RefinementCtx): Policy | undefined {
  if (input === undefined) return undefined;
  const parsed = parsePolicyInput(input);
  if (parsed.ok) return parsed.policy;
  const first = parsed.errors[0];
  const where = typeof first?.statement === "number" ? `statement ${first.statement + 1}: ` : "";
  ctx.addIssue({ code: "custom", message: `The filter is not a valid policy: ${where}${first?.message ?? "invalid"}` });
  return z.NEVER;
}

export type ValidHistoryQuery = z.output<typeof historyQuerySchema>;

export function parseHistoryQuery(query: HistoryQuery): ValidHistoryQuery {
  const parsed = historyQuerySchema.safeParse(query);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "input")] ??= issue.message;
  throw new Invalid(parsed.error.issues[0]?.message ?? "Invalid history query", fieldErrors);
}

/** Whose history an actor may read: everything, one member's, or one service token's. */
export type HistoryScope = { kind: "all" } | { kind: "member"; memberId: string } | { kind: "serviceToken"; tokenId: string };

export function historyScope(actor: Actor): HistoryScope {
  if (actor.kind === "member" ? isAdminOrAbove(actor.memberRole) : actor.canViewAllTokens) return { kind: "all" };
  if (actor.kind === "token" && actor.token.serviceToken) return { kind: "serviceToken", tokenId: actor.token.id };
  return { kind: "member", memberId: actor.memberId };
}

/** The member's personal tokens, current and deleted (see the rule at the top of this file). */
async function personalTokenIdsOf(db: Reader, accountId: string, memberId: string): Promise<string[]> {
  const [current, created] = await Promise.all([
    db
      .select({ id: accessTokens.id })
      .from(accessTokens)
      .where(and(eq(accessTokens.accountId, accountId), eq(accessTokens.memberId, memberId), eq(accessTokens.serviceToken, false))),
    db
      .select({ id: auditLog.targetId })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.accountId, accountId),
          eq(auditLog.actorMemberId, memberId),
          eq(auditLog.targetKind, "token"),
          inArray(auditLog.action, ["tokenCreated", "tokenCloned"]),
          sql`${auditLog.changes} -> 'serviceToken' ->> 'after' = 'false'`,
        ),
      ),
  ]);
  return [...new Set([...current, ...created].map((row) => row.id))];
}

/**
 * The visibility condition, written as an OR of equalities on indexed columns (the token ids
 * are fetched first rather than left as a subquery) so PostgreSQL can combine
 * audit_log_actor_idx and audit_log_target_idx instead of walking the account's whole history.
 */
async function visibleTo(db: Reader, actor: Actor, scope: HistoryScope): Promise<SQL | undefined> {
  if (scope.kind === "all") return undefined;
  if (scope.kind === "serviceToken") {
    return or(eq(auditLog.actorTokenId, scope.tokenId), and(eq(auditLog.targetKind, "token"), eq(auditLog.targetId, scope.tokenId)));
  }
  const tokenIds = await personalTokenIdsOf(db, actor.accountId, scope.memberId);
  return or(
    eq(auditLog.actorMemberId, scope.memberId),
    and(eq(auditLog.targetKind, "member"), eq(auditLog.targetId, scope.memberId)),
    tokenIds.length > 0 ? and(eq(auditLog.targetKind, "token"), inArray(auditLog.targetId, tokenIds)) : undefined,
  );
}

function filtersOf(q: ValidHistoryQuery): (SQL | undefined)[] {
  return [
    q.actorMemberId === undefined ? undefined : eq(auditLog.actorMemberId, q.actorMemberId),
    q.actorTokenId === undefined ? undefined : eq(auditLog.actorTokenId, q.actorTokenId),
    // A target id without a kind still reaches audit_log_target_idx (kind is its second column)
    // through four probes, one per kind, instead of a scan.
    q.targetKind !== undefined
      ? eq(auditLog.targetKind, q.targetKind)
      : q.targetId !== undefined
        ? inArray(auditLog.targetKind, [...HISTORY_TARGET_KINDS])
        : undefined,
    q.targetId === undefined ? undefined : eq(auditLog.targetId, q.targetId),
    q.action === undefined ? undefined : eq(auditLog.action, q.action),
    q.from === undefined ? undefined : gte(auditLog.at, q.from),
    // Dates carry milliseconds, the database microseconds: "to" covers its whole millisecond,
    // so passing an entry's own time as both bounds finds that entry.
    q.to === undefined ? undefined : lt(auditLog.at, new Date(q.to.getTime() + 1)),
    // Exclusive, to the millisecond: an entry's `date` is its time cut to the millisecond, so
    // "after" starts at the next whole millisecond.
    q.before === undefined ? undefined : lt(auditLog.at, q.before),
    q.after === undefined ? undefined : gte(auditLog.at, new Date(q.after.getTime() + 1)),
    q.id === undefined ? undefined : eq(auditLog.id, q.id),
    searchCondition(q.search),
  ];
}

/** A LIKE pattern that matches `text` literally: its own % and _ (and the escape) are escaped. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchCondition(search: string | undefined): SQL | undefined {
  if (!search) return undefined;
  const pattern = containing(search);
  return or(ilike(auditLog.targetName, pattern), ilike(auditLog.actorName, pattern), ilike(auditLog.action, pattern), ilike(auditLog.comment, pattern));
}

// "nulls last" because the indexes were built that way (drizzle's .desc() in an index): a plain
// "seq desc" means NULLS FIRST to PostgreSQL, which then cannot read an index in order and sorts
// the account's whole history instead (79 ms against 0.1 ms for a page at 300,000 entries).
const newestFirst = sql`${auditLog.seq} desc nulls last`;
/** By time, for date paging (audit_log_account_at_idx). */
const newestByDate = sql`${auditLog.at} desc nulls last, ${auditLog.seq} desc nulls last`;

const entryColumns = {
  id: auditLog.id, accountId: auditLog.accountId, seq: auditLog.seq, at: auditLog.at, action: auditLog.action, changes: auditLog.changes, ip: auditLog.ip, comment: auditLog.comment,
  actorKind: auditLog.actorKind, actorMemberId: auditLog.actorMemberId, actorTokenId: auditLog.actorTokenId, actorName: auditLog.actorName,
  targetKind: auditLog.targetKind, targetId: auditLog.targetId, targetName: auditLog.targetName,
};

type EntryRow = Pick<typeof auditLog.$inferSelect, keyof typeof entryColumns>;

function causedBy(scope: HistoryScope, row: Pick<EntryRow, "actorMemberId" | "actorTokenId">): boolean {
  if (scope.kind === "all") return true;
  return scope.kind === "member" ? row.actorMemberId === scope.memberId : row.actorTokenId === scope.tokenId;
}

/** What an entry needs beyond its own row: members' details and tokens' owners. */
interface EntryContext {
  scope: HistoryScope;
  members: Map<string, HistoryMember>;
  tokens: Map<string, TokenFacts>;
}

function toEntry(row: EntryRow, { scope, members, tokens }: EntryContext): HistoryEntry {
  const member = row.actorMemberId ? (members.get(row.actorMemberId) ?? null) : null;
  const target: AuditTarget = { kind: row.targetKind, id: row.targetId, name: row.targetName };
  const resources = targetResources(target, tokens);
  return {
    id: row.id,
    accountId: row.accountId,
    at: row.at,
    actor: { kind: row.actorKind, memberId: row.actorMemberId, tokenId: row.actorTokenId, name: row.actorName },
    tokenCreator: row.actorKind === "token" ? member : null,
    actorMember: row.actorKind === "member" ? member : null,
    actorTokenIsService: row.actorKind === "token" && row.actorTokenId ? (tokens.get(row.actorTokenId)?.serviceToken ?? null) : null,
    action: row.action,
    target,
    resources,
    accesses: accessesOf(row.action, row.changes, resources),
    changes: row.changes,
    comment: row.comment,
    ip: causedBy(scope, row) ? row.ip : null,
  };
}

async function toEntries(db: Reader, accountId: string, scope: HistoryScope, rows: EntryRow[]): Promise<HistoryEntry[]> {
  const [members, tokens] = await Promise.all([membersOf(db, accountId, rows), tokenFactsOf(db, accountId, rows)]);
  return rows.map((row) => toEntry(row, { scope, members, tokens }));
}

/** The filters that need an entry's resources or accesses, which only exist once it is read. */
function matchesAfterReading(q: ValidHistoryQuery): ((entry: HistoryEntry) => boolean) | null {
  const { spec, policy } = q;
  if (spec === undefined && policy === undefined) return null;
  return (entry) =>
    (spec === undefined || entry.resources.some((resource) => globMatches(spec, resource))) &&
    (policy === undefined || entry.accesses.some((a) => isAllowed(policy, a.action as Action, a.resource)));
}

/** The history entries the actor may see, newest first, filtered and a page at a time. */
export async function listHistory(actor: Actor, query: HistoryQuery = {}): Promise<{ items: HistoryEntry[]; totalCount: number }> {
  const q = parseHistoryQuery(query);
  const db = await database();
  const scope = historyScope(actor);
  const where = and(eq(auditLog.accountId, actor.accountId), await visibleTo(db, actor, scope), ...filtersOf(q));
  const matches = matchesAfterReading(q);
  if (matches) return listReadingEach(db, actor.accountId, scope, where, q, matches);
  const [rows, [total]] = await Promise.all([
    // seq, not at: entries written in one transaction share a timestamp, seq orders them all.
    db.select(entryColumns).from(auditLog).where(where).orderBy(q.datePaging ? newestByDate : newestFirst).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  const last = rows.at(-1);
  if (q.datePaging && last && rows.length === q.limit) rows.push(...(await restOfMillisecond(db, where, rows)));
  return { items: await toEntries(db, actor.accountId, scope, rows), totalCount: total?.n ?? 0 };
}

function millisecondOf(at: Date): { from: Date; to: Date } {
  const ms = at.getTime();
  return { from: new Date(ms), to: new Date(ms + 1) };
}

/** The entries that share the page's last millisecond and are not on the page yet, in date order. */
async function restOfMillisecond(db: Reader, where: SQL | undefined, page: EntryRow[]): Promise<EntryRow[]> {
  const { from, to } = millisecondOf(page.at(-1)!.at);
  const onPage = new Set(page.map((row) => row.id));
  const sameMillisecond = await db
    .select(entryColumns)
    .from(auditLog)
    .where(and(where, gte(auditLog.at, from), lt(auditLog.at, to)))
    .orderBy(newestByDate);
  return sameMillisecond.filter((row) => !onPage.has(row.id));
}

/**
 * A list whose filter needs each entry read first: the newest HISTORY_MATCH_WINDOW entries that
 * pass the other filters are read in batches and matched, so a query costs the same however long
 * the history grows; a client paging with `before` moves the window along.
 */
async function listReadingEach(
  db: Reader,
  accountId: string,
  scope: HistoryScope,
  where: SQL | undefined,
  q: ValidHistoryQuery,
  matches: (entry: HistoryEntry) => boolean,
): Promise<{ items: HistoryEntry[]; totalCount: number }> {
  const BATCH = 500;
  const found: HistoryEntry[] = [];
  for (let read = 0; read < HISTORY_MATCH_WINDOW; read += BATCH) {
    const rows = await db
      .select(entryColumns)
      .from(auditLog)
      .where(where)
      .orderBy(q.datePaging ? newestByDate : newestFirst)
      .limit(BATCH)
      .offset(read);
    found.push(...(await toEntries(db, accountId, scope, rows)).filter(matches));
    if (rows.length < BATCH) break;
  }
  const items = found.slice(q.offset, q.offset + q.limit);
  const last = items.at(-1);
  if (q.datePaging && last && items.length === q.limit) {
    const ms = last.at.getTime();
    for (const entry of found.slice(q.offset + q.limit)) {
      if (entry.at.getTime() !== ms) break;
      items.push(entry);
    }
  }
  return { items, totalCount: found.length };
}

/**
 * The members the page's entries name (who acted, or who created the token that acted): a second
 * query for one page's few members, so the page's own query keeps reading the history index in order.
 */
async function membersOf(db: Reader, accountId: string, rows: EntryRow[]): Promise<Map<string, HistoryMember>> {
  const ids = [...new Set(rows.flatMap((r) => (r.actorMemberId ? [r.actorMemberId] : [])))];
  if (ids.length === 0) return new Map();
  const found = await db
    .select({ id: members.id, email: members.email, firstName: members.firstName, lastName: members.lastName, role: members.role })
    .from(members)
    .where(and(eq(members.accountId, accountId), inArray(members.id, ids)));
  return new Map(found.map((m) => [m.id, m]));
}

/**
 * The owner and kind of every token the page's entries name (as actor or target): from the token
 * itself while it exists, otherwise from the entry that created it (whose actor's member owns it).
 */
async function tokenFactsOf(db: Reader, accountId: string, rows: EntryRow[]): Promise<Map<string, TokenFacts>> {
  const ids = [...new Set(rows.flatMap((r) => [...(r.actorTokenId ? [r.actorTokenId] : []), ...(r.targetKind === "token" ? [r.targetId] : [])]))];
  if (ids.length === 0) return new Map();
  const current = await db
    .select({ id: accessTokens.id, memberId: accessTokens.memberId, serviceToken: accessTokens.serviceToken })
    .from(accessTokens)
    .where(and(eq(accessTokens.accountId, accountId), inArray(accessTokens.id, ids)));
  const facts = new Map<string, TokenFacts>(current.map((t) => [t.id, { memberId: t.memberId, serviceToken: t.serviceToken }]));
  const gone = ids.filter((id) => !facts.has(id));
  if (gone.length === 0) return facts;
  const created = await db
    .select({ id: auditLog.targetId, memberId: auditLog.actorMemberId, serviceToken: sql<string | null>`${auditLog.changes} -> 'serviceToken' ->> 'after'` })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, accountId), eq(auditLog.targetKind, "token"), inArray(auditLog.targetId, gone), inArray(auditLog.action, ["tokenCreated", "tokenCloned"])));
  for (const t of created) facts.set(t.id, { memberId: t.memberId, serviceToken: t.serviceToken === "true" });
  return facts;
}

/**
 * The distinct actors of the actor's visible entries, most recently active first, at most
 * MAX_HISTORY_ACTORS of them: the choices of the history page's actor filter. Each actor's name
 * is the one of their latest entry (an email or a token name may have changed since). Only the
 * newest HISTORY_ACTOR_WINDOW entries are looked at, so a page load costs the same however long
 * the history grows (a DISTINCT over all of it took 0.65 s at 300,000 entries); someone active
 * only before that can still be filtered on by id.
 */
export async function listHistoryActors(actor: Actor): Promise<HistoryActor[]> {
  const db = await database();
  const scope = historyScope(actor);
  const where = and(eq(auditLog.accountId, actor.accountId), await visibleTo(db, actor, scope));
  const recent = db
    .select({ kind: auditLog.actorKind, memberId: auditLog.actorMemberId, tokenId: auditLog.actorTokenId, name: auditLog.actorName, seq: auditLog.seq })
    .from(auditLog)
    .where(where)
    .orderBy(newestFirst)
    .limit(HISTORY_ACTOR_WINDOW)
    .as("recent");
  const latest = db
    .selectDistinctOn([recent.kind, recent.memberId, recent.tokenId], { kind: recent.kind, memberId: recent.memberId, tokenId: recent.tokenId, name: recent.name, seq: recent.seq })
    .from(recent)
    .orderBy(recent.kind, recent.memberId, recent.tokenId, desc(recent.seq))
    .as("latest");
  return db
    .select({ kind: latest.kind, memberId: latest.memberId, tokenId: latest.tokenId, name: latest.name })
    .from(latest)
    .orderBy(desc(latest.seq))
    .limit(MAX_HISTORY_ACTORS);
}
