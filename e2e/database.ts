import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { dumpEveryTable } from "../tests/helpers/dump-tables";
import { E2E_DATA_DIR, E2E_DATABASE_URL } from "./support";

/** Runs `fn` with a connection to the e2e server's PostgreSQL (PostgreSQL runs only). */
export async function withPostgres<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!E2E_DATABASE_URL) throw new Error("this run uses the embedded database");
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Where in the e2e server's database each needle occurs. On PostgreSQL: every table, dumped as
 * JSON. On the embedded database, which the server holds open: its files on disk, byte for byte —
 * tables, indexes and the write-ahead log, so even a row written and deleted again would show.
 */
export async function findInDatabase(needles: string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const note = (needle: string, where: string) => found.set(needle, [...(found.get(needle) ?? []), where]);
  if (E2E_DATABASE_URL) {
    const dump = await withPostgres((client) => dumpEveryTable(async (text) => (await client.query(text)).rows));
    for (const [table, json] of Object.entries(dump)) for (const needle of needles) if (json.includes(needle)) note(needle, table);
    return found;
  }
  const buffers = needles.map((needle) => [needle, Buffer.from(needle)] as const);
  for (const file of filesUnder(E2E_DATA_DIR)) {
    const bytes = readFileSync(file);
    for (const [needle, buffer] of buffers) if (bytes.includes(buffer)) note(needle, path.relative(E2E_DATA_DIR, file));
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
