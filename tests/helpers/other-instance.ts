// What another instance, or the network, does to this process's caches: a change committed from
// another connection, and the notification connection cut.
import { sql } from "drizzle-orm";
import pg from "pg";
import { database } from "@/db/client";
import { LISTENER_NAME } from "@/db/notifications";
import { testDatabaseKind } from "./env";

async function onAnotherConnection<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `statement` as another instance would: on PostgreSQL from another connection, with no
 * transaction of this process ending. The embedded database has one process: there the statement
 * runs on its only connection, and its notification arrives before the statement returns.
 */
export async function changeElsewhere(statement: string): Promise<void> {
  if (testDatabaseKind === "postgres") await onAnotherConnection((client) => client.query(statement));
  else await (await database()).execute(sql.raw(statement));
}

/** Terminates this process's LISTEN connection (PostgreSQL only); returns how many were cut. */
export function cutNotificationConnection(): Promise<number> {
  return onAnotherConnection(async (client) => {
    const { rowCount } = await client.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()", [LISTENER_NAME]);
    return rowCount ?? 0;
  });
}
