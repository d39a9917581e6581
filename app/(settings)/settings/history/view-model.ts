/** One history entry as the client table receives it: plain, already readable data. */
export interface HistoryRowData {
  id: string;
  at: string;
  /** For a token, `createdBy` is the email of the member who created it: the token is the actor. */
  actor: { kind: "member" | "token" | "system"; name: string; createdBy: string | null };
  action: string;
  actionLabel: string;
  target: { kind: string; id: string; name: string };
  changes: ChangeData[];
  /** What whoever made the change said about it (an API PATCH's `comment`), or null. */
  comment: string | null;
  ip: string | null;
}

/** A changed field: short forms for the table, the full text for the tooltip. */
export interface ChangeData {
  field: string;
  label: string;
  before: ShownValue;
  after: ShownValue;
}

export interface ShownValue {
  short: string;
  full: string;
  empty: boolean;
}

export interface HistoryFilters {
  /** "member:<id>" or "token:<id>", or "" for everyone. */
  actor: string;
  targetKind: string;
  targetId: string;
  action: string;
  from: string;
  to: string;
}

export interface HistoryListState {
  filters: HistoryFilters;
  page: number;
  pageSize: number;
  totalCount: number;
}

export interface ActorOption {
  value: string;
  label: string;
}
