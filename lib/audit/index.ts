// Change history's public API. Writing is recordChange (inside the caller's transaction);
// reading is listHistory / listHistoryActors. Entries are append-only: there is deliberately no
// function that updates or deletes one (tests/integration/history-append-only.test.ts).
export {
  diffFields,
  MAX_CHANGE_COMMENT_LENGTH,
  parseChangeComment,
  recordChange,
  SecretInHistoryError,
  type AuditAction,
  type AuditChanges,
  type AuditTarget,
  type AuditWriter,
  type ChangeRecord,
  type HistoryWriter,
  type SystemActor,
  type TokenAuditAction,
} from "./record";
export {
  DEFAULT_HISTORY_LIMIT,
  HISTORY_MATCH_WINDOW,
  MAX_HISTORY_SEARCH_LENGTH,
  HISTORY_ACTOR_WINDOW,
  HISTORY_TARGET_KINDS,
  MAX_HISTORY_ACTORS,
  listHistory,
  listHistoryActors,
  type HistoryActor,
  type HistoryActorKind,
  type HistoryEntry,
  type HistoryMember,
  type HistoryQuery,
} from "./query";
export { describeChange, type ResourceAccess } from "./describe";
