/** One of the member's own signed-in sessions, as the page's client pieces receive it. */
export interface SessionRowData {
  id: string;
  browser: string;
  os: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}
