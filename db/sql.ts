// Small query-building helpers every module's reads share.
import { getTableName, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * A column with its table's name. Drizzle leaves columns unqualified in a single-table select,
 * where inside a subquery "id" would silently mean the subquery's own table.
 */
export const qualified = (column: AnyPgColumn) => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Escapes LIKE's wildcards so a search for "50%_off" finds exactly that text. */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function likePrefix(text: string): string {
  return `${escapeLike(text)}%`;
}

/** Rows grouped by one of their fields (which is left out of each row), in the rows' order. */
export function groupBy<K extends string, R extends Record<K, string>>(rows: R[], key: K): Map<string, Omit<R, K>[]> {
  const groups = new Map<string, Omit<R, K>[]>();
  for (const { [key]: id, ...rest } of rows) {
    const list = groups.get(id) ?? [];
    list.push(rest);
    groups.set(id, list);
  }
  return groups;
}
