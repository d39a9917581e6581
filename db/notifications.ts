import type { PGlite } from "@electric-sql/pglite";
import { randomBytes } from "node:crypto";
import type { Client } from "pg";
import { env, type Env } from "../lib/env";
import { databaseDriver, type Db } from "./client";
import { abandon, boundQueries, postgresTimeouts } from "./timeouts";

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
/** The connection that sends the listening one its heartbeats. */
const HEARTBEAT_SENDER_NAME = "tollgate-heartbeat";
const HEARTBEAT_MS = 1_000;
const HEARTBEAT_TIMEOUT_MS = 2_000;
const RECONNECT_MS = 1_000;

/**
 * Receives NOTIFYs on `channel` (a fixed identifier). The embedded database delivers them in
 * process, before the committing statement returns. On PostgreSQL a dedicated connection LISTENs
 * (TOLLGATE_LISTEN_DATABASE_URL's, or DATABASE_URL's); `listening(true)` is called only once a
 * heartbeat has come back on it, and `listening(false)` as soon as one does not or the connection
 * fails — then it reconnects.
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
  return { db, ...listenOnPostgres(env(), channel, listener) };
}

interface Connection {
  receiver: Client;
  sender: Client;
  /** The heartbeat on its way, if any. */
  beat: { id: string; timer: NodeJS.Timeout } | null;
  beats: number;
  /** A heartbeat has come back: notifications reach this connection. */
  confirmed: boolean;
}

/**
 * A query that answers proves only that the connection is up. What the cache relies on is that
 * NOTIFYs committed elsewhere arrive — which they do not through a transaction-mode pooler
 * (PgBouncer hands LISTEN to some server connection and never relays what that one is sent) or
 * on a connection that silently stopped carrying anything. So the heartbeat is a NOTIFY on a
 * channel of this instance's own, sent from a second connection, that must come back on the
 * listening one: every second, within two. Notifications arrive in commit order, so a heartbeat
 * that came back also proves that every change committed before it did.
 */
function listenOnPostgres(config: Env, channel: string, listener: ChangeListener) {
  const url = config.listenDatabaseUrl ?? config.databaseUrl!;
  const beatChannel = `${channel}_beat_${randomBytes(8).toString("hex")}`;
  let stopped = false;
  let warned = false;
  let current: Connection | null = null;
  let retry: NodeJS.Timeout | undefined;

  const close = (connection: Connection) => {
    clearTimeout(connection.beat?.timer);
    for (const client of [connection.receiver, connection.sender]) {
      client.removeAllListeners("end");
      void client.end().catch(() => {});
      // A connection into a silent network never completes the goodbye.
      setTimeout(() => abandon(client), RECONNECT_MS).unref();
    }
  };

  const lost = (connection: Connection) => {
    if (current !== connection) return;
    current = null;
    listener.listening(false);
    close(connection);
    if (!stopped) retry = setTimeout(connect, RECONNECT_MS).unref();
  };

  const beat = (connection: Connection) => {
    if (connection.beat) return; // the last one is still on its way; its timer decides
    const id = String(++connection.beats);
    connection.beat = { id, timer: setTimeout(() => missed(connection), HEARTBEAT_TIMEOUT_MS).unref() };
    connection.sender.query("select pg_notify($1, $2)", [beatChannel, id]).catch(() => lost(connection));
  };

  const heard = (connection: Connection, id: string | undefined) => {
    const pending = connection.beat;
    if (current !== connection || !pending || pending.id !== id) return;
    clearTimeout(pending.timer);
    connection.beat = null;
    if (!connection.confirmed) {
      connection.confirmed = true;
      listener.listening(true);
    }
  };

  const missed = (connection: Connection) => {
    if (current !== connection) return;
    if (!connection.confirmed && !warned) {
      warned = true;
      console.warn(
        "[notifications] the LISTEN connection receives no notifications (behind a transaction-mode pooler such as PgBouncer? " +
          "set TOLLGATE_LISTEN_DATABASE_URL to a direct connection); every API request is authenticated against the database until it does",
      );
    }
    lost(connection);
  };

  const connect = async () => {
    const { Client } = await import("pg");
    const options = { connectionString: url, ...postgresTimeouts(config) };
    const connection: Connection = {
      receiver: new Client({ ...options, application_name: LISTENER_NAME }),
      sender: new Client({ ...options, application_name: HEARTBEAT_SENDER_NAME }),
      beat: null,
      beats: 0,
      confirmed: false,
    };
    current = connection;
    for (const client of [connection.receiver, connection.sender]) {
      boundQueries(client);
      client.on("error", () => lost(connection));
      client.on("end", () => lost(connection));
    }
    connection.receiver.on("notification", (message) => {
      if (message.channel === channel) listener.notify(message.payload ?? "");
      else if (message.channel === beatChannel) heard(connection, message.payload);
    });
    try {
      await Promise.all([connection.receiver.connect(), connection.sender.connect()]);
      await connection.receiver.query(`listen ${channel}`);
      await connection.receiver.query(`listen ${beatChannel}`);
      if (stopped || current !== connection) return close(connection);
      beat(connection); // the first one that comes back turns listening on
    } catch {
      lost(connection);
    }
  };

  const heartbeat = setInterval(() => {
    if (current?.confirmed) beat(current);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(heartbeat);
      clearTimeout(retry);
      const connection = current;
      current = null;
      listener.listening(false);
      if (connection) close(connection);
    },
  };
}
