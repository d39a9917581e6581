import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, env, type Env } from "../env";

const KEY = Symbol.for("tollgate.authSecret");
type Holder = { [KEY]?: Promise<string> };

/** The file, in the embedded database's data directory, that holds the generated secret. */
export const AUTH_SECRET_FILE = "auth-secret";

/**
 * Why this configuration cannot sign sessions, or null. Whoever holds the session secret can
 * forge any member's session, the owner's included, so it must never be readable from a database
 * dump or backup. On PostgreSQL outside demo mode there is nowhere else every instance could share
 * a generated one, so AUTH_SECRET must be set; the server checks this before it starts.
 */
export function authSecretProblem(config: Pick<Env, "authSecret" | "databaseUrl" | "demo">): ConfigError | null {
  if (config.authSecret || !config.databaseUrl || config.demo) return null;
  return new ConfigError("AUTH_SECRET", "must be set with DATABASE_URL outside demo mode, so that every instance signs sessions alike (make one with: openssl rand -base64 32).");
}

/**
 * AUTH_SECRET when configured. Otherwise one generated and kept out of every table: on the
 * embedded database in a file of its data directory readable by this user only (a copy of the
 * database's files is then a copy of the secret, but a dump is not), in memory for an in-memory
 * database, and in memory for demo mode on PostgreSQL — each such process then signs its own
 * sessions, so instances sharing one PostgreSQL in demo mode need AUTH_SECRET to share them.
 * Read once per process (both bundles share it through globalThis).
 */
export function authSecret(): Promise<string> {
  const config = env();
  if (config.authSecret) return Promise.resolve(config.authSecret);
  const holder = globalThis as Holder;
  const pending = (holder[KEY] ??= generated(config));
  pending.catch(() => {
    if (holder[KEY] === pending) delete holder[KEY];
  });
  return pending;
}

async function generated(config: Env): Promise<string> {
  const problem = authSecretProblem(config);
  if (problem) throw problem;
  if (config.databaseUrl || config.dataDir.startsWith("memory://")) return newSecret();
  return secretFile(path.join(config.dataDir, AUTH_SECRET_FILE));
}

const newSecret = () => randomBytes(32).toString("base64url");

/** Reads the secret file, or creates it (exclusively: a racing start reads the winner's). */
async function secretFile(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, `${newSecret()}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // A copy restored with looser permissions is tightened again.
  await chmod(file, 0o600);
  const secret = (await readFile(file, "utf8")).trim();
  if (secret.length < 32) throw new Error(`${file} does not hold a session secret; delete it to have a new one generated`);
  return secret;
}
