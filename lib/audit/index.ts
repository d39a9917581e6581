// Change history's public API. Writing is recordChange (inside the caller's transaction);
// reading is listHistory / listHistoryActors. Entries are append-only: there is deliberately no
// function that updates or deletes one (tests/integration/history-append-only.test.ts).
export {
  diffFields,
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
  HISTORY_ACTOR_WINDOW,
  HISTORY_TARGET_KINDS,
  MAX_HISTORY_ACTORS,
  listHistory,
  listHistoryActors,
  type HistoryActor,
  type HistoryActorKind,
  type HistoryEntry,
  type HistoryQuery,
} from "./query";
