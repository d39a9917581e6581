// Change history: one entry per change, written in the caller's transaction so an
// entry exists exactly when the change does.
import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";
import type { Actor } from "../access";
import { z } from "zod";
import { Invalid } from "../errors";
import { containsTokenSecret } from "../secrets";
import { checkedText } from "../text";

/** The database or a transaction: anything that can insert. */
export type AuditWriter = { insert: Db["insert"] };

export type TokenAuditAction = "tokenCreated" | "tokenCloned" | "tokenUpdated" | "tokenReset" | "tokenDeleted";
export type MemberAuditAction =
  | "memberInvited"
  | "memberUpdated"
  | "memberRemoved"
  | "accountCreated"
  | "invitationResent"
  | "invitationRevoked"
  | "invitationAccepted"
  | "passwordReset"
  | "passwordSet"
  | "passwordChanged"
  | "sessionEnded";
export type RoleAuditAction = "roleCreated" | "roleUpdated" | "roleDeleted";
export type ProjectAuditAction = "projectCreated" | "projectUpdated" | "projectDeleted";

/**
 * Every change the history records, and nothing else: a new kind of change is added here first,
 * and the Change history page's labels (a record over this union) then fail to compile until it
 * has one. Entries read back stay plain strings: the column holds whatever was ever written.
 */
export type AuditAction = TokenAuditAction | MemberAuditAction | RoleAuditAction | ProjectAuditAction;

export type AuditTarget = { kind: "token" | "member" | "role" | "project"; id: string; name: string };

/** Only the fields that changed, each with its value before and after. */
export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * Tollgate itself acting for an operator who is no member (the admin command line): recorded as
 * the "system" actor, with no member, no token and no client address.
 */
export interface SystemActor {
  kind: "system";
  accountId: string;
  memberId?: null;
  displayName: string;
  ip: null;
  token?: undefined;
}

/** What history records of whoever acted: an Actor, a member who has no Actor yet, or the system. */
export type HistoryWriter = (Pick<Actor, "kind" | "accountId" | "memberId" | "displayName" | "ip"> & { token?: { id: string } }) | SystemActor;

export interface ChangeRecord {
  actor: HistoryWriter;
  action: AuditAction;
  target: AuditTarget;
  changes?: AuditChanges;
  /** What the person making the change said about it (a PATCH body's `comment`). */
  comment?: string;
}

/** The longest comment a change may carry. */
export const MAX_CHANGE_COMMENT_LENGTH = 1000;

const commentSchema = checkedText(
  z
    .string({ error: "A comment must be text" })
    .trim()
    .max(MAX_CHANGE_COMMENT_LENGTH, `A comment can be at most ${MAX_CHANGE_COMMENT_LENGTH} characters`),
  { label: "A comment", multiline: true },
);

/**
 * A change's comment as the caller sent it, checked by the text rule (a pasted secret is refused,
 * since history keeps it for good): the text, or undefined for none or an empty one.
 */
export function parseChangeComment(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = commentSchema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid comment";
    throw new Invalid(message, { comment: message });
  }
  return parsed.data === "" ? undefined : parsed.data;
}

// History is read by many people and exported; a secret written here would be a leak that no
// reset can undo. So nothing secret-shaped is accepted, by field name or by value.
// By name: a field that is a secret, or whose last word says it holds one ("tokenHash",
// "newSecret"); fields about one ("oldSecretExpiresAt", "serviceToken") are fine.
const SECRET_FIELD = /^(token|secret|hash|password)$|(Secret|Hash|Password|PasswordHash)$/i;

const SET_PASSWORD_LINK = /\/set-password\/[A-Za-z0-9_-]{16,}/;

export class SecretInHistoryError extends Error {
  constructor(where: string) {
    // The message names where, never what: the value is exactly what must not be repeated.
    super(`Refused to write a secret-like value into change history (${where})`);
    this.name = "SecretInHistoryError";
  }
}

function assertNoSecret(record: ChangeRecord): void {
  for (const field of Object.keys(record.changes ?? {})) {
    if (SECRET_FIELD.test(field)) throw new SecretInHistoryError(`field "${field}"`);
  }
  // By value: a real token anywhere (checksum-verified, so ordinary text does not trip it), or
  // a set-password link (lib/passwords/links.ts).
  const texts = {
    changes: JSON.stringify(record.changes ?? {}),
    target: JSON.stringify(record.target),
    actor: record.actor.displayName,
    comment: record.comment ?? "",
  };
  for (const [where, text] of Object.entries(texts)) {
    if (containsTokenSecret(text) || SET_PASSWORD_LINK.test(text)) throw new SecretInHistoryError(where);
  }
}

export async function recordChange(tx: AuditWriter, record: ChangeRecord): Promise<void> {
  assertNoSecret(record);
  const { actor, target } = record;
  await tx.insert(auditLog).values({
    accountId: actor.accountId,
    actorKind: actor.kind,
    actorMemberId: actor.kind === "system" ? null : actor.memberId,
    actorTokenId: actor.kind === "token" ? (actor.token?.id ?? null) : null,
    actorName: actor.displayName,
    action: record.action,
    targetKind: target.kind,
    targetId: target.id,
    targetName: target.name,
    // Round-tripped through JSON so Dates are stored as ISO strings, exactly as read back.
    changes: JSON.parse(JSON.stringify(record.changes ?? {})) as AuditChanges,
    ip: actor.ip,
    // An empty comment says nothing: it is stored as none.
    comment: record.comment?.trim() || null,
  });
}

// JSON with object keys sorted: jsonb hands keys back in its own order, so a policy read from
// the database and the same policy as submitted must still compare equal.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Before/after of the fields whose values differ (compared as JSON, so Dates and arrays work). */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): AuditChanges {
  const changes: AuditChanges = {};
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[field] ?? null;
    if (canonicalJson(old) !== canonicalJson(value)) changes[field] = { before: old, after: value };
  }
  return changes;
}
