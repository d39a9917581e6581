import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { database, queryRows } from "../../db/client";
import { MIGRATIONS_FOLDER } from "../../db/migrate";

export type Readiness = { ready: true } | { ready: false; reason: string };

/** How long a readiness probe waits for the database before answering "not ready" (well inside the database timeouts). */
export const READINESS_TIMEOUT_MS = 2_000;

/** How many migrations this build ships (drizzle-kit's journal). */
export function shippedMigrationCount(folder = MIGRATIONS_FOLDER): number {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/**
 * Whether this instance can serve: the database answers, within READINESS_TIMEOUT_MS, and holds
 * every migration this build ships (drizzle's own table of applied migrations; more is fine — a
 * newer instance of a rolling deployment may have applied its own). One query, no account data.
 * Probes that arrive while a check is running share it (each still answers within its timeout),
 * so a load balancer probing a silent database never has more than one query waiting.
 */
export function readinessCheck(expected: number, timeoutMs = READINESS_TIMEOUT_MS): () => Promise<Readiness> {
  let running: Promise<Readiness> | null = null;
  return () => {
    running ??= check(expected).finally(() => {
      running = null;
    });
    return withTimeout(running, timeoutMs);
  };
}

async function check(expected: number): Promise<Readiness> {
  try {
    const db = await database();
    const [row] = await queryRows<{ applied: number | string }>(db, sql`select count(*) as applied from drizzle.__drizzle_migrations`);
    const applied = Number(row?.applied ?? 0);
    return applied >= expected ? { ready: true } : { ready: false, reason: `migrations pending (${applied} of ${expected} applied)` };
  } catch {
    return { ready: false, reason: "the database does not answer" };
  }
}

function withTimeout(check: Promise<Readiness>, ms: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: `the database did not answer within ${ms} ms` }), ms);
    timer.unref();
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}
