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
import { and, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { database } from "../../db/client";
import type { Reader } from "../../db/tx";
import { accessTokens, auditLog, members } from "../../db/schema";
import { Invalid } from "../errors";
import { pageFields } from "../paging";
import { isAdminOrAbove, type Actor } from "../access";
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

export interface HistoryEntry {
  id: string;
  at: Date;
  /**
   * Who acted. For an action made with a token that is the token (its id and name): a service
   * token acts with its own authority, and even a personal token is not its member at the
   * keyboard. Its memberId is then the token's creator, never the actor.
   */
  actor: HistoryActor;
  /** For an action made with a token: the member who created the token, with their current email. */
  tokenCreator: { id: string; email: string } | null;
  action: string;
  target: AuditTarget;
  changes: AuditChanges;
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
  limit?: number;
  offset?: number;
}

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
    ...pageFields(DEFAULT_HISTORY_LIMIT),
  })
  .refine((q) => !q.from || !q.to || q.from.getTime() <= q.to.getTime(), { message: "from must not be after to", path: ["from"] });

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
  ];
}

// "nulls last" because the indexes were built that way (drizzle's .desc() in an index): a plain
// "seq desc" means NULLS FIRST to PostgreSQL, which then cannot read an index in order and sorts
// the account's whole history instead (79 ms against 0.1 ms for a page at 300,000 entries).
const newestFirst = sql`${auditLog.seq} desc nulls last`;

const entryColumns = {
  id: auditLog.id, at: auditLog.at, action: auditLog.action, changes: auditLog.changes, ip: auditLog.ip,
  actorKind: auditLog.actorKind, actorMemberId: auditLog.actorMemberId, actorTokenId: auditLog.actorTokenId, actorName: auditLog.actorName,
  targetKind: auditLog.targetKind, targetId: auditLog.targetId, targetName: auditLog.targetName,
};

type EntryRow = Pick<typeof auditLog.$inferSelect, keyof typeof entryColumns>;

function causedBy(scope: HistoryScope, row: Pick<EntryRow, "actorMemberId" | "actorTokenId">): boolean {
  if (scope.kind === "all") return true;
  return scope.kind === "member" ? row.actorMemberId === scope.memberId : row.actorTokenId === scope.tokenId;
}

function toEntry(row: EntryRow, scope: HistoryScope, emails: Map<string, string>): HistoryEntry {
  const creatorEmail = row.actorKind === "token" && row.actorMemberId ? emails.get(row.actorMemberId) : undefined;
  return {
    id: row.id,
    at: row.at,
    actor: { kind: row.actorKind, memberId: row.actorMemberId, tokenId: row.actorTokenId, name: row.actorName },
    tokenCreator: creatorEmail === undefined ? null : { id: row.actorMemberId!, email: creatorEmail },
    action: row.action,
    target: { kind: row.targetKind, id: row.targetId, name: row.targetName },
    changes: row.changes,
    ip: causedBy(scope, row) ? row.ip : null,
  };
}

/** The history entries the actor may see, newest first, filtered and a page at a time. */
export async function listHistory(actor: Actor, query: HistoryQuery = {}): Promise<{ items: HistoryEntry[]; totalCount: number }> {
  const q = parseHistoryQuery(query);
  const db = await database();
  const scope = historyScope(actor);
  const where = and(eq(auditLog.accountId, actor.accountId), await visibleTo(db, actor, scope), ...filtersOf(q));
  const [rows, [total]] = await Promise.all([
    // seq, not at: entries written in one transaction share a timestamp, seq orders them all.
    db.select(entryColumns).from(auditLog).where(where).orderBy(newestFirst).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  const emails = await creatorEmails(db, actor.accountId, rows);
  return { items: rows.map((row) => toEntry(row, scope, emails)), totalCount: total?.n ?? 0 };
}

/**
 * The emails of the members who created the tokens that acted in `rows`: a second query for one
 * page's few members, so the page's own query keeps reading the history index in order.
 */
async function creatorEmails(db: Reader, accountId: string, rows: EntryRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.actorKind === "token" && r.actorMemberId ? [r.actorMemberId] : [])))];
  if (ids.length === 0) return new Map();
  const found = await db
    .select({ id: members.id, email: members.email })
    .from(members)
    .where(and(eq(members.accountId, accountId), inArray(members.id, ids)));
  return new Map(found.map((m) => [m.id, m.email]));
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
