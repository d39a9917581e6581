import { testDatabaseKind } from "../helpers/env";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokens } from "@/db/schema";
import { type Actor } from "@/lib/access";
import { Invalid } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/paging";
import { createAccessToken, deleteAccessToken, listVisibleTokens, type ListTokensQuery } from "@/lib/tokens";
import { FAR_OFFSET } from "@/lib/tokens/queries";
import { accountWithOwnerToken, createTestAccount, type TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { reader } from "../helpers/fixtures";

const personal = (actor: Actor, name: string) => createAccessToken(actor, { name, permission: reader });
const service = (actor: Actor, name: string) => createAccessToken(actor, { name, permission: reader, serviceToken: true });

/** Every page of a list, following `nextCursor`; `between` runs after each page (concurrent changes). */
async function walk(actor: Actor, query: ListTokensQuery, between?: (page: number, seen: string[]) => Promise<void>) {
  const ids: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await listVisibleTokens(actor, { ...query, ...(after ? { after } : {}) });
    ids.push(...result.items.map((t) => t.id));
    if (!result.nextCursor) return ids;
    after = result.nextCursor;
    await between?.(page, ids);
  }
  throw new Error("the walk never ended");
}

const everything = async (actor: Actor, query: ListTokensQuery = {}) => (await listVisibleTokens(actor, { ...query, limit: 1000 })).items.map((t) => t.id);

afterAll(() => closeDatabase());

describe(`keyset paging with after (${testDatabaseKind})`, () => {
  let a: TestAccount;
  beforeAll(async () => {
    a = await createTestAccount();
    for (let i = 0; i < 7; i++) await personal(a.writer, `writer ${i}`);
    for (let i = 0; i < 4; i++) await personal(a.admin, `admin ${i}`);
    for (let i = 0; i < 3; i++) await service(a.admin, `service ${i}`);
  });

  it("visits every visible token exactly once, newest first, and says when there is no next page", async () => {
    for (const [actor, query] of [
      [a.admin, { showAll: true }],
      [a.writer, {}],
      [a.admin, { type: "personal", showAll: true }],
      [a.admin, { search: "writer", showAll: true }],
    ] as const) {
      const all = await everything(actor, query);
      for (const limit of [1, 3, 5, all.length, all.length + 1]) expect(await walk(actor, { ...query, limit })).toEqual(all);
    }
    const last = await listVisibleTokens(a.admin, { showAll: true, limit: 14 });
    expect(last.items).toHaveLength(14);
    expect(last.nextCursor).toBeNull();
  });

  it("continues exactly where the previous page ended while tokens are created and deleted meanwhile", async () => {
    const before = await everything(a.admin, { showAll: true });
    const deletedAhead = new Set<string>();
    const created: string[] = [];
    const seen = await walk(a.admin, { showAll: true, limit: 3 }, async (page, sofar) => {
      // Newer than every cursor: a walk that started earlier never reaches it.
      created.push((await personal(a.writer, `created during page ${page}`)).token.id);
      // The token the cursor names (the last one seen) goes, and so does one not reached yet.
      await deleteAccessToken(a.admin, sofar.at(-1)!);
      const ahead = before.filter((id) => !sofar.includes(id) && !deletedAhead.has(id))[1];
      if (ahead) {
        await deleteAccessToken(a.admin, ahead);
        deletedAhead.add(ahead);
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(deletedAhead.size).toBeGreaterThan(0);
    // Every token that existed when the walk started and was not deleted before its page, in order.
    expect(seen).toEqual(before.filter((id) => !deletedAhead.has(id)));
    expect(seen.filter((id) => created.includes(id))).toEqual([]);
  });

  it("orders tokens created in the same instant by id, to the microsecond, without repeating one", async () => {
    const b = await createTestAccount();
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await service(b.admin, `same time ${i}`)).token.id);
    const db = await database();
    // Three share one microsecond; three differ from them by a single microsecond only.
    await db.update(accessTokens).set({ createdAt: sql`timestamptz '2026-01-01 00:00:00.000002+00'` }).where(inArray(accessTokens.id, ids.slice(0, 3)));
    await db.update(accessTokens).set({ createdAt: sql`timestamptz '2026-01-01 00:00:00.000001+00'` }).where(inArray(accessTokens.id, ids.slice(3)));
    const expected = [...ids.slice(0, 3).sort().reverse(), ...ids.slice(3).sort().reverse()];
    expect(await everything(b.admin, { showAll: true })).toEqual(expected);
    for (const limit of [1, 2, 4]) expect(await walk(b.admin, { showAll: true, limit })).toEqual(expected);
  });

  it("gives, at every offset, the same page of the whole list", async () => {
    const b = await createTestAccount();
    const ids = [];
    for (let i = 0; i < 11; i++) ids.push((await service(b.admin, `offset ${i}`)).token.id);
    // Ties too: four share one microsecond, so the order within them is the ids'.
    await (await database()).update(accessTokens).set({ createdAt: sql`timestamptz '2026-01-01 00:00:00.000003+00'` }).where(inArray(accessTokens.id, ids.slice(3, 7)));
    const all = await everything(b.admin, { showAll: true });
    expect(all).toHaveLength(11);
    for (const limit of [1, 3, 4, 11]) {
      for (let offset = 0; offset <= all.length + 1; offset++) {
        const page = await listVisibleTokens(b.admin, { showAll: true, limit, offset });
        expect(page.items.map((t) => t.id), `limit ${limit}, offset ${offset}`).toEqual(all.slice(offset, offset + limit));
        expect(page.totalCount).toBe(11);
        expect(page.nextCursor !== null, `next page after limit ${limit}, offset ${offset}`).toBe(offset + limit < all.length);
      }
    }
  });

  it("reads a far page from whichever end of the index is nearer, and it is the same page", async () => {
    const b = await createTestAccount();
    const count = 2 * FAR_OFFSET + 100;
    // Inserted in one statement (the domain would take minutes): seven creation times, so most
    // tokens tie with others and are ordered by id.
    await (await database()).execute(sql`insert into access_tokens (id, account_id, member_id, name, permission_kind, role, service_token, default_api_version, created_at)
      select substr(md5(${b.accountId} || i::text), 1, 24), ${b.accountId}, ${b.admin.memberId}, 'far ' || i, 'role', 'reader', true, 20240415,
        timestamptz '2026-02-01 00:00:00+00' + (i % 7) * interval '1 microsecond'
      from generate_series(1, ${count}) as i`);
    const all = await walk(b.admin, { showAll: true, limit: 1000 });
    expect(all).toHaveLength(count);
    const offsets = [FAR_OFFSET - 1, FAR_OFFSET, count / 2 - 1, count / 2, count / 2 + 1, count - 26, count - 25, count - 1, count, count + 1];
    for (const offset of offsets) {
      const page = await listVisibleTokens(b.admin, { showAll: true, limit: 25, offset });
      expect(page.items.map((t) => t.id), `offset ${offset}`).toEqual(all.slice(offset, offset + 25));
      expect(page.totalCount).toBe(count);
      expect(page.nextCursor !== null, `next page after offset ${offset}`).toBe(offset + 25 < count);
      // A page read from the older end leads on, by its cursor, exactly where offset paging would.
      if (page.nextCursor) {
        const next = await listVisibleTokens(b.admin, { showAll: true, limit: 25, after: page.nextCursor });
        expect(next.items.map((t) => t.id), `after offset ${offset}`).toEqual(all.slice(offset + 25, offset + 50));
      }
    }
  });

  it("refuses anything that is not a cursor a list wrote", async () => {
    const real = (await listVisibleTokens(a.admin, { showAll: true, limit: 1 })).nextCursor!;
    expect(decodeCursor(real)).not.toBeNull();
    for (const after of ["", "abc", "not a cursor!", Buffer.from("123.xyz").toString("base64url"), real + "A", "A".repeat(65), Buffer.from(`${"9".repeat(18)}.${"a".repeat(24)}`).toString("base64url")]) {
      await expect(listVisibleTokens(a.admin, { showAll: true, after }), after).rejects.toBeInstanceOf(Invalid);
    }
  });

  it("never reaches another account's tokens or tokens the caller may not see, whatever the cursor names", async () => {
    const other = await createTestAccount();
    const foreign = await personal(other.owner, "other account's token");
    const hidden = (await listVisibleTokens(a.admin, { showAll: true, type: "personal", search: "admin" })).items[0]!;
    const writerSees = await everything(a.writer);
    // A position taken from another account's list, from a token the writer cannot see, and one
    // crafted far in the future: each only moves where the caller's own list starts.
    const otherCursor = (await listVisibleTokens(other.owner, { showAll: true, limit: 1 })).items[0]!;
    const cursors = [
      encodeCursor({ at: String(otherCursor.createdAt.getTime() * 1000 + 999), id: otherCursor.id }),
      encodeCursor({ at: String(hidden.createdAt.getTime() * 1000 + 999), id: hidden.id }),
      encodeCursor({ at: "99999999999999999", id: "f".repeat(24) }),
    ];
    for (const after of cursors) {
      const page = await listVisibleTokens(a.writer, { after, limit: 1000 });
      const ids = page.items.map((t) => t.id);
      expect(ids.every((id) => writerSees.includes(id))).toBe(true);
      expect(ids).not.toContain(foreign.token.id);
      expect(ids).not.toContain(hidden.id);
      expect(page.totalCount).toBe(writerSees.length);
    }
    const farFuture = await listVisibleTokens(a.writer, { after: cursors[2]!, limit: 1000 });
    expect(farFuture.items.map((t) => t.id)).toEqual(writerSees);
  });
});

describe(`GET /api/v2/tokens pages by cursor in _links.next (${testDatabaseKind})`, () => {
  let secret: string;
  let account: TestAccount;
  beforeAll(async () => {
    ({ account, ownerSecret: secret } = await accountWithOwnerToken());
    for (let i = 0; i < 5; i++) await service(account.owner, `api service ${i}`);
  });

  it("links the next page with after, and following the links lists every token once", async () => {
    const all = (await apiCall("GET", "/tokens?limit=100", { secret })).json.items as { _id: string }[];
    expect(all).toHaveLength(6);
    const seen: string[] = [];
    let path = "/tokens?limit=4";
    for (;;) {
      const page = await apiCall("GET", path, { secret });
      expect(page.status).toBe(200);
      expect(page.json.totalCount).toBe(6);
      seen.push(...(page.json.items as { _id: string }[]).map((t) => t._id));
      const next = (page.json._links as Record<string, { href: string }>).next;
      if (!next) break;
      const url = new URL(next.href, "http://tollgate.test");
      expect(url.pathname).toBe("/api/v2/tokens");
      expect(url.searchParams.get("after")).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(url.searchParams.has("offset")).toBe(false);
      path = `/tokens?${url.searchParams}`;
    }
    expect(seen).toEqual(all.map((t) => t._id));
  });

  it("keeps LaunchDarkly's offset paging", async () => {
    const all = (await apiCall("GET", "/tokens?limit=100", { secret })).json.items as { _id: string }[];
    const page = await apiCall("GET", "/tokens?limit=2&offset=2", { secret });
    expect((page.json.items as { _id: string }[]).map((t) => t._id)).toEqual(all.slice(2, 4).map((t) => t._id));
    const links = page.json._links as Record<string, { href: string }>;
    expect(links.prev?.href).toBe("/api/v2/tokens?limit=2&offset=0");
    expect(links.first?.href).toBe("/api/v2/tokens?limit=2&offset=0");
  });

  it("answers 400 for a cursor it did not write", async () => {
    for (const after of ["garbage", "", Buffer.from("1.2").toString("base64url")]) {
      const answer = await apiCall("GET", `/tokens?after=${encodeURIComponent(after)}`, { secret });
      expect(answer.status, after).toBe(400);
    }
  });

  it("has no next link on the last page", async () => {
    const page = await apiCall("GET", "/tokens?limit=6", { secret });
    expect((page.json._links as Record<string, unknown>).next).toBeUndefined();
  });
});
