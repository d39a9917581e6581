import { testDatabaseKind } from "../helpers/env";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database, queryRows } from "@/db/client";
import { accessTokenCustomRoles, accessTokens, auditLog, tokenSecrets } from "@/db/schema";
import { hashTokenSecret } from "@/lib/secrets";
import {
  cloneAccessToken,
  createAccessToken,
  deleteAccessToken,
  getVisibleToken,
  listVisibleTokens,
  resetAccessToken,
  updateAccessToken,
} from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { dumpEveryTable } from "../helpers/dump-tables";

let a: TestAccount;
let secrets: string[];
let tokenIds: string[];

// Every operation that mints a secret, including a reset that keeps the old one alive.
beforeAll(async () => {
  a = await createTestAccount({ customRoles: [{ key: "ops", policy: [{ effect: "allow", actions: ["*"], resources: ["proj/*"] }] }] });
  const personal = await createAccessToken(a.writer, {
    name: "laptop",
    description: "my scripts",
    permission: { kind: "customRoles", customRoleIds: [a.roles["ops"]!.id] },
  });
  const service = await createAccessToken(a.admin, { name: "deploy", serviceToken: true, permission: { kind: "role", role: "writer" } });
  const clone = await cloneAccessToken(a.admin, service.token.id);
  const graceReset = await resetAccessToken(a.writer, personal.token.id, { oldSecretExpiresAt: new Date(Date.now() + 3600_000) });
  const plainReset = await resetAccessToken(a.owner, clone.token.id);
  await updateAccessToken(a.writer, personal.token.id, { name: "laptop 2", description: "renamed" });
  const doomed = await createAccessToken(a.reader, { name: "doomed", permission: { kind: "role", role: "reader" } });
  await deleteAccessToken(a.reader, doomed.token.id);
  secrets = [personal, service, clone, graceReset, plainReset, doomed].map((r) => r.secret);
  tokenIds = [personal.token.id, service.token.id, clone.token.id];
});
afterAll(() => closeDatabase());

async function dump() {
  const db = await database();
  return {
    accessTokens: JSON.stringify(await db.select().from(accessTokens).where(eq(accessTokens.accountId, a.accountId))),
    tokenSecrets: JSON.stringify(await db.select().from(tokenSecrets).where(inArray(tokenSecrets.tokenId, tokenIds))),
    customRoles: JSON.stringify(await db.select().from(accessTokenCustomRoles).where(inArray(accessTokenCustomRoles.tokenId, tokenIds))),
    auditLog: JSON.stringify(await db.select().from(auditLog).where(eq(auditLog.accountId, a.accountId))),
  };
}

describe(`secrets are never stored or recorded (${testDatabaseKind})`, () => {
  it("stores no plaintext secret in any token, secret or history row", async () => {
    const tables = await dump();
    expect(tables.accessTokens).toContain("laptop 2"); // the dump is real
    for (const [table, json] of Object.entries(tables)) {
      for (const secret of secrets) expect(json, `${table} holds a secret`).not.toContain(secret);
    }
  });

  // Property 2 (SECURITY.md), at the database: every table there is, found from the catalog, so
  // a table added later (a cache, a log, a queue) is searched without anyone remembering to.
  it("leaves no secret in any table of the database", async () => {
    const db = await database();
    const dump = await dumpEveryTable((text) => queryRows<Record<string, unknown>>(db, sql.raw(text)));
    expect(Object.keys(dump)).toEqual(expect.arrayContaining(["public.access_tokens", "public.token_secrets", "public.audit_log"]));
    expect(dump["public.access_tokens"]).toContain("laptop 2");
    for (const [table, json] of Object.entries(dump)) {
      for (const secret of secrets) expect(json.includes(secret), `${table} holds a secret`).toBe(false);
    }
  });

  it("stores each live secret as its SHA-256 hash", async () => {
    const db = await database();
    const hashes = (await db.select({ hash: tokenSecrets.hash }).from(tokenSecrets).where(inArray(tokenSecrets.tokenId, tokenIds))).map((r) => r.hash);
    // laptop: grace + current; deploy: current; clone: current after a plain reset.
    const [, service, , graceReset, plainReset] = secrets;
    const original = secrets[0]!;
    expect(hashes.sort()).toEqual([original, service!, graceReset!, plainReset!].map(hashTokenSecret).sort());
  });

  it("never puts a secret or its hash in change history", async () => {
    const { auditLog: history } = await dump();
    expect(JSON.parse(history)).toHaveLength(8);
    for (const secret of secrets) {
      expect(history).not.toContain(secret);
      expect(history).not.toContain(hashTokenSecret(secret));
    }
  });

  it("returns neither a secret nor a hash when reading tokens back", async () => {
    const views = [
      ...(await listVisibleTokens(a.owner, { showAll: true })).items,
      ...(await Promise.all(tokenIds.map((id) => getVisibleToken(a.owner, id)))),
    ];
    const json = JSON.stringify(views);
    for (const secret of secrets) {
      expect(json).not.toContain(secret);
      expect(json).not.toContain(hashTokenSecret(secret));
    }
    for (const view of views) {
      expect(view.ending).toMatch(/^[0-9A-Za-z]{4}$/);
      expect(Object.keys(view)).not.toEqual(expect.arrayContaining(["hash"]));
      expect(Object.keys(view)).not.toEqual(expect.arrayContaining(["secret"]));
    }
  });
});
