import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, databaseQueryCount } from "@/db/client";
import { updateMemberRoles } from "@/lib/members";
import { createAccessToken, deleteAccessToken, resetAccessToken, updateAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { reader } from "../helpers/fixtures";
import { changeElsewhere, cutNotificationConnection } from "../helpers/other-instance";

// The API answers a repeated token list from memory (lib/changes/account-cache.ts): a list is
// never one the caller could not read now, whatever changed, on this instance or another
// (the change notifications of migration 0008), and one caller's list is never another's.
afterAll(() => closeDatabase());

let acme: TestAccount;
let other: TestAccount;
let adminSecret: string;
let readerSecret: string;

beforeAll(async () => {
  acme = await createTestAccount();
  other = await createTestAccount();
  ({ secret: adminSecret } = await createAccessToken(acme.admin, { name: "admin caller", permission: { kind: "role", role: "admin" } }));
  ({ secret: readerSecret } = await createAccessToken(acme.reader, { name: "reader caller", permission: reader }));
});

type Listed = { _id: string; name: string; token: string; lastUsed?: number; _member: { role: string } };
const list = async (secret: string, query = "") => {
  const answer = await apiCall("GET", `/tokens${query}`, { secret });
  return { status: answer.status, items: (answer.json.items ?? []) as Listed[], text: answer.text, contentType: answer.headers.get("content-type") };
};
const names = async (secret: string, query = "") => (await list(secret, query)).items.map((t) => t.name);

async function queriesDuring(fn: () => Promise<unknown>): Promise<number> {
  const before = databaseQueryCount();
  await fn();
  return databaseQueryCount() - before;
}

/**
 * Lists until the answer comes from memory: no query at all, not even to authenticate. (The
 * first request also writes the token's lastUsed, whose notification drops the list again.)
 */
async function cachedList(secret: string, query = "") {
  await expect
    .poll(
      async () => {
        expect((await list(secret, query)).status).toBe(200);
        return queriesDuring(() => list(secret, query));
      },
      { timeout: 15_000, interval: 50 },
    )
    .toBe(0);
}

describe(`the token list answered from memory (${testDatabaseKind})`, () => {
  it("answers a repeated list without a query, with the same body and content type", async () => {
    const first = await list(adminSecret, "?limit=5");
    await cachedList(adminSecret, "?limit=5");
    const again = await list(adminSecret, "?limit=5");
    expect(again.text).toBe(first.text);
    expect(again.contentType).toBe("application/json");
  });

  it("shows this instance's own changes on the very next request", async () => {
    await cachedList(adminSecret, "?showAll=true");
    const created = await createAccessToken(acme.writer, { name: "fresh token", permission: reader });
    expect(await names(adminSecret, "?showAll=true")).toContain("fresh token");

    await cachedList(adminSecret, "?showAll=true");
    await updateAccessToken(acme.writer, created.token.id, { name: "renamed token" });
    expect(await names(adminSecret, "?showAll=true")).toEqual(expect.arrayContaining(["renamed token"]));

    await cachedList(adminSecret, "?showAll=true");
    const reset = await resetAccessToken(acme.writer, created.token.id);
    const shown = (await list(adminSecret, "?showAll=true")).items.find((t) => t._id === created.token.id);
    expect(shown?.token).toBe(reset.secret.slice(-4));

    await cachedList(adminSecret, "?showAll=true");
    await updateMemberRoles(acme.owner, acme.writer.memberId, { role: "reader" });
    const demoted = (await list(adminSecret, "?showAll=true")).items.find((t) => t._id === created.token.id);
    expect(demoted?._member.role).toBe("reader");

    await cachedList(adminSecret, "?showAll=true");
    await deleteAccessToken(acme.admin, created.token.id);
    expect(await names(adminSecret, "?showAll=true")).not.toContain("renamed token");
  });

  it("shows another instance's change once its notification arrives: a rename, a new secret, lastUsed", async () => {
    const { token } = await createAccessToken(acme.admin, { name: "changed elsewhere", permission: reader });
    const find = async () => (await list(adminSecret)).items.find((t) => t._id === token.id);

    await cachedList(adminSecret);
    await changeElsewhere(`update access_tokens set name = 'renamed elsewhere' where id = '${token.id}'`);
    await expect.poll(async () => (await find())?.name, { timeout: 2_000, interval: 20 }).toBe("renamed elsewhere");

    await cachedList(adminSecret);
    await changeElsewhere(`update token_secrets set ending = 'WXYZ' where token_id = '${token.id}' and expires_at is null`);
    await expect.poll(async () => (await find())?.token, { timeout: 2_000, interval: 20 }).toBe("WXYZ");

    // lastUsed decides no authentication (the authentication cache ignores it) but the list shows it.
    await cachedList(adminSecret);
    await changeElsewhere(`update access_tokens set last_used_at = timestamptz '2026-01-02 03:04:05+00' where id = '${token.id}'`);
    await expect.poll(async () => (await find())?.lastUsed, { timeout: 2_000, interval: 20 }).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
  });

  it("refuses a cached list on the next request once its caller lost the right to see it", async () => {
    const member = await acme.addMember("admin");
    const { secret } = await createAccessToken(member, { name: "soon demoted", permission: { kind: "role", role: "admin" } });
    await cachedList(secret, "?showAll=true");
    await changeElsewhere(`update members set role = 'reader' where id = '${member.memberId}'`);
    await expect.poll(async () => (await list(secret, "?showAll=true")).status, { timeout: 2_000, interval: 20 }).toBe(403);
  });

  it("never answers one caller with another's list, nor one account with another's", async () => {
    const { token: personal } = await createAccessToken(acme.admin, { name: "admin's own", permission: reader });
    // The admin's own list, cached under the same parameters the others use.
    await cachedList(adminSecret);
    expect(await names(adminSecret)).toContain("admin's own");

    const readerList = await list(readerSecret);
    expect(readerList.status).toBe(200);
    expect(readerList.items.map((t) => t._id)).not.toContain(personal.id);

    const { secret: outsider } = await createAccessToken(other.admin, { name: "outsider", permission: { kind: "role", role: "admin" } });
    const theirs = await list(outsider);
    expect(theirs.items.map((t) => t.name)).toEqual(["outsider"]);
  });

  it("keeps a refusal out of memory: a bad cursor is refused each time", async () => {
    for (let i = 0; i < 2; i++) expect((await list(adminSecret, "?after=not-a-cursor")).status).toBe(400);
    expect((await list(readerSecret, "?showAll=true")).status).toBe(403);
    expect((await list(readerSecret, "?showAll=true")).status).toBe(403);
  });

  it.skipIf(testDatabaseKind !== "postgres")("reads from the database while its notification connection is down, and from memory once it is back", async () => {
    await cachedList(adminSecret);
    expect(await cutNotificationConnection()).toBeGreaterThan(0);
    await expect.poll(() => queriesDuring(() => list(adminSecret)), { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
    await cachedList(adminSecret);
  });
});
