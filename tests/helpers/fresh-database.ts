// A brand-new, empty database of the kind under test for this test process, for what only happens
// while no account exists (first-run setup). Everything the process remembered of the previous
// database — the client, the configuration, the limiters, whether it is set up — is forgotten.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeDatabase } from "@/db/client";
import { resetLimiters } from "@/lib/rate-limit";
import { forgetSetupState } from "@/lib/setup";
import { testDatabaseKind } from "./env";

const ENV_KEY = Symbol.for("tollgate.env");
const ORIGINAL = { DATABASE_URL: process.env.DATABASE_URL, TOLLGATE_DATA_DIR: process.env.TOLLGATE_DATA_DIR };

export interface FreshDatabase {
  /** How another process reaches it: DATABASE_URL, or TOLLGATE_DATA_DIR for the embedded database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function forget() {
  await closeDatabase();
  resetLimiters();
  forgetSetupState();
  delete (globalThis as Record<symbol, unknown>)[ENV_KEY];
}

/** An empty database, not yet opened (database() migrates it on first use). */
export async function createFreshDatabase(options: { embeddedOnDisk?: boolean } = {}): Promise<FreshDatabase> {
  if (testDatabaseKind === "pglite") {
    if (!options.embeddedOnDisk) return { env: { TOLLGATE_DATA_DIR: "memory://" }, drop: async () => {} };
    const dir = mkdtempSync(path.join(tmpdir(), "tollgate-fresh-"));
    return { env: { TOLLGATE_DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { Client } = await import("pg");
  const server = new URL(ORIGINAL.DATABASE_URL!);
  const name = `${server.pathname.slice(1)}_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const client = new Client({ connectionString: server.toString() });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** Points this process at `fresh` (closing whatever it had open). */
export async function switchToDatabase(fresh: FreshDatabase): Promise<void> {
  await forget();
  Object.assign(process.env, fresh.env);
}

/** Back to the database the test run was given. */
export async function switchToOriginalDatabase(): Promise<void> {
  await forget();
  for (const [key, value] of Object.entries(ORIGINAL)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
