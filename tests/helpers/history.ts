// Reads what change history holds about one thing of a test account, oldest first.
import { and, asc, eq, type SQL } from "drizzle-orm";
import { database } from "@/db/client";
import { auditLog } from "@/db/schema";

const COLUMNS = {
  action: auditLog.action,
  actorMemberId: auditLog.actorMemberId,
  targetKind: auditLog.targetKind,
  targetName: auditLog.targetName,
  changes: auditLog.changes,
  ip: auditLog.ip,
};
type Column = keyof typeof COLUMNS;
type HistoryRow = typeof auditLog.$inferSelect;

/** The columns most tests compare: who did what to the target, and what changed. */
export const HISTORY_FIELDS = ["action", "changes", "targetKind", "targetName", "actorMemberId"] as const;

/**
 * The entries of `account` about `targetId` (optionally only of one target kind), with only the
 * named columns, so a test's `toEqual` says exactly what it expects.
 */
export async function historyOf<K extends Column = (typeof HISTORY_FIELDS)[number]>(
  account: { accountId: string },
  targetId: string,
  options: { fields?: readonly K[]; targetKind?: HistoryRow["targetKind"] } = {},
): Promise<Pick<HistoryRow, K>[]> {
  const fields = options.fields ?? (HISTORY_FIELDS as readonly Column[] as readonly K[]);
  const conditions: SQL[] = [eq(auditLog.accountId, account.accountId), eq(auditLog.targetId, targetId)];
  if (options.targetKind !== undefined) conditions.push(eq(auditLog.targetKind, options.targetKind));
  const db = await database();
  const rows = await db
    .select(Object.fromEntries(fields.map((field) => [field, COLUMNS[field]])) as Pick<typeof COLUMNS, K>)
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(asc(auditLog.seq));
  return rows as Pick<HistoryRow, K>[];
}
