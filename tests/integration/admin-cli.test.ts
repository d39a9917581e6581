import { testDatabaseKind } from "../helpers/env";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, queryRows } from "@/db/client";
import { auditLog, members, passwordLinks } from "@/db/schema";
import { signInWithPassword } from "@/lib/auth";
import { dumpEveryTable } from "../helpers/dump-tables";
import { createFreshDatabase, switchToDatabase, switchToOriginalDatabase, type FreshDatabase } from "../helpers/fresh-database";

const PUBLIC_URL = "https://tollgate.example.test";
const PASSWORD = "saffron-lantern-glacier-orbit";

/** `npm run admin -- …` as an operator runs it: tsx, this checkout, the given database and input. */
function admin(db: FreshDatabase, args: string[], input?: string) {
  const result = spawnSync("node_modules/.bin/tsx", ["scripts/admin.ts", ...args], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", NEXTAUTH_URL: PUBLIC_URL, TOLLGATE_DEMO: "false", ...db.env },
    input: input ?? "",
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A refusal: non-zero, nothing on stdout, exactly one line on stderr. */
function expectOneLineError(result: ReturnType<typeof admin>, status: number, message: RegExp) {
  expect(result.status, result.stderr).toBe(status);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(message);
}

describe(`the admin command line on a fresh ${testDatabaseKind} database`, () => {
  let fresh: FreshDatabase;
  let other: FreshDatabase;
  beforeAll(async () => {
    fresh = await createFreshDatabase({ embeddedOnDisk: true });
    other = await createFreshDatabase({ embeddedOnDisk: true });
  });
  afterAll(async () => {
    await switchToOriginalDatabase();
    await fresh?.drop();
    await other?.drop();
  });

  it("refuses bad input in one line before touching the database: unknown flag, missing value, a password as an argument", () => {
    expectOneLineError(admin(fresh, ["create-account", "--name", "Initech", "--email", "ada@initech.test", "--password-stdin", "--role", "owner"]), 2, /^tollgate admin: create-account: Unknown option '--role'/);
    expectOneLineError(admin(fresh, ["create-account", "--name"]), 2, /^tollgate admin: create-account: Option '--name <value>' argument missing/);
    expectOneLineError(admin(fresh, ["create-account", "--name", "Initech", "--email", "ada@initech.test"]), 2, /needs --password-stdin/);
    expectOneLineError(admin(fresh, ["drop-everything"]), 2, /unknown command "drop-everything"/);
  });

  it("refuses a weak password, an empty one and a bad email address, and creates nothing", async () => {
    expectOneLineError(admin(fresh, ["create-account", "--name", "Initech", "--email", "ada@initech.test", "--password-stdin"], "password1234\n"), 1, /^tollgate admin: the password: This password is too easy to guess/);
    expectOneLineError(admin(fresh, ["create-account", "--name", "Initech", "--email", "ada@initech.test", "--password-stdin"], "\n"), 1, /no password on standard input/);
    expectOneLineError(admin(fresh, ["create-account", "--name", "Initech", "--email", "not-an-address", "--password-stdin"], PASSWORD), 1, /^tollgate admin: --email: /);
    await switchToDatabase(fresh);
    expect(await queryRows(await database(), sql`select * from accounts`)).toEqual([]);
  });

  it("creates the account and its owner from a piped password, in one line; the owner signs in with it", async () => {
    await switchToOriginalDatabase(); // the embedded database takes one process at a time
    const result = admin(fresh, ["create-account", "--name", "Initech", "--email", "Ada@Initech.test", "--owner-name", "Ada Lovelace", "--password-stdin"], `${PASSWORD}\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`Created the account "Initech" and its owner ada@initech.test; sign in at ${PUBLIC_URL}/login\n`);
    expect(result.stdout).not.toContain(PASSWORD);

    await switchToDatabase(fresh);
    const [owner] = await (await database()).select().from(members);
    expect(owner).toMatchObject({ email: "ada@initech.test", firstName: "Ada", lastName: "Lovelace", role: "owner" });
    expect(await signInWithPassword({ email: "ada@initech.test", password: PASSWORD, clientIp: "198.51.100.30" })).toMatchObject({ ok: true });
    const [entry] = await (await database()).select().from(auditLog);
    expect(entry).toMatchObject({ action: "accountCreated", actorKind: "system", targetId: owner!.id });
  });

  it("refuses a second create-account: Tollgate has already been set up", async () => {
    await switchToOriginalDatabase();
    expectOneLineError(admin(fresh, ["create-account", "--name", "Other", "--email", "eve@other.test", "--password-stdin"], PASSWORD), 1, /^tollgate admin: Tollgate has already been set up\. Sign in\.$/);
  });

  it("prints a single-use set-password link for a locked-out owner, of which only a hash is stored", async () => {
    await switchToOriginalDatabase();
    expectOneLineError(admin(fresh, ["reset-password", "--email", "nobody@initech.test"]), 1, /^tollgate admin: No active member has this email address\.?$/);
    const result = admin(fresh, ["reset-password", "--email", "ADA@initech.test"]);
    expect(result.status, result.stderr).toBe(0);
    const match = /^Set-password link for ada@initech\.test \(works once, until (\S+)\): (\S+)\n$/.exec(result.stdout);
    expect(match).not.toBeNull();
    const [, until, url] = match!;
    const token = new URL(url!).pathname.replace("/set-password/", "");
    expect(url).toBe(`${PUBLIC_URL}/set-password/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    expect(new Date(until!).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);

    await switchToDatabase(fresh);
    const db = await database();
    const [link] = await db.select().from(passwordLinks);
    expect(link).toMatchObject({ purpose: "reset", usedAt: null, tokenHash: createHash("sha256").update(token).digest("hex") });
    const dump = Object.values(await dumpEveryTable((text) => queryRows(db, sql.raw(text)))).join("\n");
    expect(dump).not.toContain(token);
    const entries = await db.select().from(auditLog);
    expect(entries.map((e) => e.action)).toContain("passwordReset");
  });

  it("creates an account on another fresh database too", async () => {
    await switchToOriginalDatabase();
    const result = admin(other, ["create-account", "--name", "Globex", "--email", "hank@globex.test", "--password-stdin"], PASSWORD);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Created the account "Globex" and its owner hank@globex\.test; /);
  });
});
