import { testDatabaseKind } from "../helpers/env";
import { like, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { database, queryRows } from "@/db/client";
import { auditLog, members, settings } from "@/db/schema";
import { signInWithPassword } from "@/lib/auth";
import { ALREADY_SET_UP, announceSetupCode, createFirstAccount, type FirstAccountInput, forgetSetupState, isSetUp, normalizeSetupCode, NOT_A_SETUP_CODE, SETUP_CODE_FAILURE_LIMIT, WRONG_SETUP_CODE } from "@/lib/setup";
import { dumpEveryTable } from "../helpers/dump-tables";
import { createFreshDatabase, switchToDatabase, switchToOriginalDatabase, type FreshDatabase } from "../helpers/fresh-database";

const PASSWORD = "violet-harbour-cactus-meridian";
const INPUT: FirstAccountInput = { accountName: "Initech", ownerName: "Ada Lovelace", email: "Ada@Initech.test", password: PASSWORD };
const IP = "198.51.100.20";

/** Draws this "instance's" setup code as server.ts does at start, and returns what it printed. */
async function startInstance(): Promise<string> {
  forgetSetupState(); // a new process
  const lines: string[] = [];
  await announceSetupCode("https://tollgate.example.test/", (line) => lines.push(line));
  const code = /^Setup code: (\S+) — enter it at https:\/\/tollgate\.example\.test\/setup /.exec(lines[0] ?? "")?.[1];
  if (!code || lines.length !== 1) throw new Error(`no setup code was printed: ${JSON.stringify(lines)}`);
  return code;
}

const viaPage = (setupCode: string, clientIp = IP) => ({ via: "setup page" as const, setupCode, clientIp });
const accountCount = async () => (await queryRows<{ n: number }>(await database(), sql`select count(*)::int as n from accounts`))[0]?.n;
const otherCode = (code: string) => code.replace(/.$/, (c) => (c === "0" ? "1" : "0"));

describe(`first-run setup (${testDatabaseKind})`, () => {
  let fresh: FreshDatabase;
  beforeEach(async () => {
    fresh = await createFreshDatabase();
    await switchToDatabase(fresh);
  });
  afterEach(async () => {
    await switchToOriginalDatabase();
    await fresh.drop();
  });
  afterAll(switchToOriginalDatabase);

  it("refuses a wrong setup code and creates nothing", async () => {
    const code = await startInstance();
    await expect(createFirstAccount(INPUT, viaPage(otherCode(code)))).rejects.toMatchObject({ kind: "invalid", message: WRONG_SETUP_CODE, fieldErrors: { setupCode: NOT_A_SETUP_CODE } });
    await expect(createFirstAccount(INPUT, viaPage(""))).rejects.toMatchObject({ kind: "invalid", fieldErrors: { setupCode: "Enter the setup code" } });
    expect(await accountCount()).toBe(0);
    expect(await isSetUp()).toBe(false);
  });

  it("creates the account and its owner with the right code; the owner signs in, history records it, and every code dies", async () => {
    const code = await startInstance();
    // However it is typed: lower case, without hyphens.
    const created = await createFirstAccount(INPUT, viaPage(code.toLowerCase().replaceAll("-", " ")));
    expect(created.email).toBe("ada@initech.test");
    expect(await isSetUp()).toBe(true);

    const db = await database();
    const [owner] = await db.select().from(members);
    expect(owner).toMatchObject({ id: created.memberId, accountId: created.accountId, role: "owner", firstName: "Ada", lastName: "Lovelace", email: "ada@initech.test" });
    const signedIn = await signInWithPassword({ email: "ADA@initech.test", password: PASSWORD, clientIp: IP });
    expect(signedIn).toMatchObject({ ok: true, member: { id: created.memberId, role: "owner", name: "Ada Lovelace" } });

    const [entry] = await db.select().from(auditLog);
    expect(entry).toMatchObject({ accountId: created.accountId, action: "accountCreated", actorKind: "member", actorMemberId: created.memberId, ip: IP, targetKind: "member", targetId: created.memberId });
    expect(entry?.changes).toMatchObject({ accountName: { after: "Initech" }, role: { after: "owner" }, via: { after: "setup page" } });
    expect(await db.select().from(settings).where(like(settings.key, "setup_code:%"))).toEqual([]);
  });

  it("refuses a second setup, with the used code or any other, and says Tollgate has already been set up", async () => {
    const code = await startInstance();
    await createFirstAccount(INPUT, viaPage(code));
    for (const again of [code, otherCode(code)]) {
      await expect(createFirstAccount({ ...INPUT, email: "eve@initech.test" }, viaPage(again))).rejects.toMatchObject({ kind: "conflict", message: ALREADY_SET_UP });
    }
    await expect(createFirstAccount({ ...INPUT, email: "eve@initech.test" }, { via: "command line" })).rejects.toMatchObject({ message: ALREADY_SET_UP });
    expect(await accountCount()).toBe(1);
    // An instance that starts now prints no code.
    forgetSetupState();
    const lines: string[] = [];
    await announceSetupCode("http://localhost:3000", (line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it("makes exactly one account of concurrent setups; each of the others is told it has already been set up", async () => {
    const code = await startInstance();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => createFirstAccount({ ...INPUT, accountName: `Racer ${i}`, email: `racer-${i}@initech.test` }, viaPage(code))),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as Error).message)).toEqual(Array(5).fill(ALREADY_SET_UP));
    expect(await accountCount()).toBe(1);
    expect((await (await database()).select().from(members)).length).toBe(1);
  });

  it("accepts the code of any instance sharing the database, since a load balancer may send the form to another", async () => {
    const first = await startInstance();
    const second = await startInstance();
    expect(second).not.toBe(first);
    await createFirstAccount(INPUT, viaPage(first));
    expect(await accountCount()).toBe(1);
  });

  it("refuses weak and common passwords, and ones made of the owner's own details, on the server", async () => {
    const code = await startInstance();
    for (const password of ["short", "password1234", "qwertyuiop123", "Initech2024!", "a".repeat(201)]) {
      await expect(createFirstAccount({ ...INPUT, password }, viaPage(code)), password).rejects.toMatchObject({ kind: "invalid", fieldErrors: { password: expect.any(String) } });
    }
    expect(await accountCount()).toBe(0);
  });

  it("refuses bad account names and email addresses by field", async () => {
    const code = await startInstance();
    await expect(createFirstAccount({ ...INPUT, accountName: "  " }, viaPage(code))).rejects.toMatchObject({ fieldErrors: { accountName: "Enter the account's name" } });
    await expect(createFirstAccount({ ...INPUT, email: "not an address" }, viaPage(code))).rejects.toMatchObject({ fieldErrors: { email: expect.any(String) } });
    await expect(createFirstAccount({ ...INPUT, accountName: "Ini\u200btech" }, viaPage(code))).rejects.toMatchObject({ fieldErrors: { accountName: expect.stringMatching(/invisible/i) } });
    expect(await accountCount()).toBe(0);
  });

  it("throttles wrong codes per client address — then even the right code waits — and leaves other addresses alone", async () => {
    const code = await startInstance();
    for (let i = 0; i < SETUP_CODE_FAILURE_LIMIT; i++) {
      await expect(createFirstAccount(INPUT, viaPage(otherCode(code)))).rejects.toMatchObject({ kind: "invalid" });
    }
    await expect(createFirstAccount(INPUT, viaPage(code))).rejects.toMatchObject({ kind: "limit_reached", message: expect.stringMatching(/^Too many wrong setup codes\. Try again in \d+ minutes?\.$/) });
    expect(await accountCount()).toBe(0);
    await createFirstAccount(INPUT, viaPage(code, "198.51.100.21"));
    expect(await accountCount()).toBe(1);
  });

  it("creates the owner from the command line without a code, recorded as done by Tollgate", async () => {
    await createFirstAccount({ ...INPUT, ownerName: "" }, { via: "command line" });
    const db = await database();
    const [owner] = await db.select().from(members);
    expect(owner).toMatchObject({ role: "owner", firstName: "", lastName: "" });
    const [entry] = await db.select().from(auditLog);
    expect(entry).toMatchObject({ action: "accountCreated", actorKind: "system", actorMemberId: null, ip: null });
  });

  it("stores neither the code nor the password: a dump of every table holds only their hashes", async () => {
    const code = await startInstance();
    const db = await database();
    const dumpText = async () => Object.values(await dumpEveryTable((text) => queryRows(db, sql.raw(text)))).join("\n");
    for (const text of [await dumpText()]) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(normalizeSetupCode(code));
    }
    await createFirstAccount(INPUT, viaPage(code));
    const after = await dumpText();
    for (const secret of [code, normalizeSetupCode(code), PASSWORD]) expect(after).not.toContain(secret);
  });
});
