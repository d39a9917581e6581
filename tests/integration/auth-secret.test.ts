import { testDatabaseKind } from "../helpers/env";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { database, queryRows } from "@/db/client";
import { AUTH_SECRET_FILE, authSecret } from "@/lib/auth";
import { ConfigError } from "@/lib/env";
import { createFirstAccount } from "@/lib/setup";
import { dumpEveryTable } from "../helpers/dump-tables";
import { createFreshDatabase, switchToDatabase, switchToOriginalDatabase, type FreshDatabase } from "../helpers/fresh-database";

const SECRET = Symbol.for("tollgate.authSecret");
const forgetSecret = () => delete (globalThis as Record<symbol, unknown>)[SECRET];
const saved = { AUTH_SECRET: process.env.AUTH_SECRET, TOLLGATE_DEMO: process.env.TOLLGATE_DEMO };

/** A new process's view of `fresh`, with these variables. */
async function startWith(fresh: FreshDatabase, vars: Record<string, string | undefined>) {
  await switchToDatabase(fresh);
  forgetSecret();
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

describe(`the generated session secret (${testDatabaseKind})`, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    forgetSecret();
    Object.assign(process.env, saved);
    if (saved.AUTH_SECRET === undefined) delete process.env.AUTH_SECRET;
    await switchToOriginalDatabase();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("is the same for every caller, and in no table of a dump, even after setup and use", async () => {
    const fresh = await createFreshDatabase({ embeddedOnDisk: true });
    cleanups.push(() => fresh.drop());
    await startWith(fresh, { AUTH_SECRET: undefined, TOLLGATE_DEMO: "true" }); // demo mode: generating is allowed on both databases
    const [secret, again] = await Promise.all([authSecret(), authSecret()]);
    expect(again).toBe(secret); // one per process, however many callers ask at once
    expect(secret.length).toBeGreaterThanOrEqual(43);
    await createFirstAccount({ accountName: "Initech", email: "ada@initech.test", password: "violet-harbour-cactus-meridian" }, { via: "command line" }).catch(() => {});
    const db = await database();
    const dump = Object.values(await dumpEveryTable((text) => queryRows(db, sql.raw(text)))).join("\n");
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain("auth_secret");
  });

  it.runIf(testDatabaseKind === "pglite")("on the embedded database lives in a file of the data directory only its user can read, and survives a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tollgate-secret-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await startWith({ env: { TOLLGATE_DATA_DIR: dir }, drop: async () => {} }, { AUTH_SECRET: undefined });
    const secret = await authSecret();
    const file = path.join(dir, AUTH_SECRET_FILE);
    expect(readFileSync(file, "utf8").trim()).toBe(secret);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // A restart reads the same one (sessions survive it), and tightens a file restored too loosely.
    chmodSync(file, 0o644);
    forgetSecret();
    expect(await authSecret()).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // A different data directory is a different install.
    writeFileSync(file, "short\n");
    forgetSecret();
    await expect(authSecret()).rejects.toThrow(/does not hold a session secret/);
  });

  it.runIf(testDatabaseKind === "postgres")("on PostgreSQL outside demo mode must be configured: nothing is generated", async () => {
    const fresh = await createFreshDatabase();
    cleanups.push(() => fresh.drop());
    await startWith(fresh, { AUTH_SECRET: undefined, TOLLGATE_DEMO: "false" });
    await expect(authSecret()).rejects.toBeInstanceOf(ConfigError);
    await expect(authSecret()).rejects.toThrow("Invalid configuration: AUTH_SECRET must be set with DATABASE_URL outside demo mode, so that every instance signs sessions alike (make one with: openssl rand -base64 32).");
    await startWith(fresh, { AUTH_SECRET: "s".repeat(40), TOLLGATE_DEMO: "false" });
    expect(await authSecret()).toBe("s".repeat(40));
  });
});
