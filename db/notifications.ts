import type { PGlite } from "@electric-sql/pglite";
import type { Client } from "pg";
import { env } from "../lib/env";
import { databaseDriver, type Db } from "./client";

export interface ChangeListener {
  /** One NOTIFY payload on the channel. */
  notify(payload: string): void;
  /** true once notifications are being received; false whenever some may be missed. */
  listening(listening: boolean): void;
}

export interface Subscription {
  /** The database the subscription belongs to (a reopened database needs a new one). */
  db: Db;
  stop(): Promise<void>;
}

/** The listening connection's application_name (pg_stat_activity shows which connection it is). */
export const LISTENER_NAME = "tollgate-notifications";
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 2_000;
const RECONNECT_MS = 1_000;

/**
 * Receives NOTIFYs on `channel` (a fixed identifier). The embedded database delivers them in
 * process, before the committing statement returns. On PostgreSQL a dedicated connection LISTENs;
 * it is checked every few seconds, and when it fails or stops answering `listening(false)` is
 * called at once and it reconnects.
 */
export async function listenForChanges(channel: string, listener: ChangeListener): Promise<Subscription> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const { kind, db, client } = await databaseDriver();
  if (kind === "pglite") {
    const unlisten = await (client as PGlite).listen(channel, (payload) => listener.notify(payload));
    listener.listening(true);
    return {
      db,
      stop: async () => {
        listener.listening(false);
        await unlisten().catch(() => {});
      },
    };
  }
  return { db, ...listenOnPostgres(env().databaseUrl!, channel, listener) };
}

function listenOnPostgres(url: string, channel: string, listener: ChangeListener) {
  let stopped = false;
  let current: Client | null = null;
  let retry: NodeJS.Timeout | undefined;

  const lost = (client: Client) => {
    if (current !== client) return;
    current = null;
    listener.listening(false);
    client.removeAllListeners("end");
    void client.end().catch(() => {});
    if (!stopped) retry = setTimeout(connect, RECONNECT_MS).unref();
  };

  const connect = async () => {
    const { Client } = await import("pg");
    const client = new Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: HEARTBEAT_MS, application_name: LISTENER_NAME });
    current = client;
    client.on("error", () => lost(client));
    client.on("end", () => lost(client));
    client.on("notification", (message) => {
      if (message.channel === channel) listener.notify(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`listen ${channel}`);
      if (stopped || current !== client) return void client.end().catch(() => {});
      listener.listening(true);
    } catch {
      lost(client);
    }
  };

  // A connection that silently stopped carrying anything (a partition without a reset) must not
  // be trusted for long: it has to answer a query within the timeout, every few seconds.
  const heartbeat = setInterval(() => {
    const client = current;
    if (!client) return;
    const timeout = setTimeout(() => lost(client), HEARTBEAT_TIMEOUT_MS);
    client.query("select 1").then(
      () => clearTimeout(timeout),
      () => {
        clearTimeout(timeout);
        lost(client);
      },
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();

  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(heartbeat);
      clearTimeout(retry);
      const client = current;
      current = null;
      listener.listening(false);
      await client?.end().catch(() => {});
    },
  };
}
