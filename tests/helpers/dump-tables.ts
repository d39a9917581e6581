/** Runs one SQL statement and returns its rows (pg and drizzle both fit behind this). */
export type RunQuery = (text: string) => Promise<Record<string, unknown>[]>;

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Every row of every table in every schema but PostgreSQL's own, as JSON text keyed by
 * `schema.table` — to search a whole database for something that must not be there. Tables are
 * found from the catalog, so a table added later is searched without anyone remembering to.
 */
export async function dumpEveryTable(query: RunQuery): Promise<Record<string, string>> {
  const tables = await query(
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
     order by 1, 2`,
  );
  const dump: Record<string, string> = {};
  for (const { schema, name } of tables as { schema: string; name: string }[]) {
    const [row] = await query(`select coalesce(json_agg(t)::text, '[]') as rows from ${quote(schema)}.${quote(name)} t`);
    dump[`${schema}.${name}`] = String(row?.rows ?? "[]");
  }
  return dump;
}
