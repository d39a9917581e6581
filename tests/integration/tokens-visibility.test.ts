import { testDatabaseKind } from "../helpers/env";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokens } from "@/db/schema";
import { loadMemberActor } from "@/lib/auth";
import { Forbidden, Invalid, NotFound } from "@/lib/errors";
import { cloneAccessToken, createAccessToken, deleteAccessToken, getVisibleToken, listVisibleTokens, resetAccessToken, tokenAbilities, updateAccessToken } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { reader } from "../helpers/fixtures";

const personal = (actor: Actor, name: string) => createAccessToken(actor, { name, permission: reader });
const service = (actor: Actor, name: string) => createAccessToken(actor, { name, permission: reader, serviceToken: true });
const names = (result: { items: { name: string }[] }) => result.items.map((t) => t.name);

afterAll(() => closeDatabase());

describe(`who sees which tokens (${testDatabaseKind})`, () => {
  let a: TestAccount;
  let ids: Record<string, string>;
  beforeAll(async () => {
    a = await createTestAccount();
    ids = {};
    // Created in this order, so newest first is the reverse.
    for (const [actor, name, make] of [
      [a.writer, "writer laptop", personal],
      [a.reader, "reader laptop", personal],
      [a.admin, "deploy", service],
      [a.owner, "owner laptop", personal],
      [a.writer, "writer CI", personal],
    ] as const) {
      ids[name] = (await make(actor, name)).token.id;
    }
  });

  it("lists a member's own personal tokens and every service token, newest first", async () => {
    const result = await listVisibleTokens(a.writer, {});
    expect(names(result)).toEqual(["writer CI", "deploy", "writer laptop"]);
    expect(result.totalCount).toBe(3);
  });

  it("lets admins and owners list every member's tokens, and no one else", async () => {
    for (const actor of [a.admin, a.owner]) {
      expect(names(await listVisibleTokens(actor, { showAll: true }))).toEqual([
        "writer CI",
        "owner laptop",
        "deploy",
        "reader laptop",
        "writer laptop",
      ]);
    }
    for (const actor of [a.writer, a.reader]) {
      await expect(listVisibleTokens(actor, { showAll: true })).rejects.toBeInstanceOf(Forbidden);
    }
  });

  it("filters by member: one's own for anyone, another's for admins only", async () => {
    expect(names(await listVisibleTokens(a.writer, { memberId: a.writer.memberId }))).toEqual(["writer CI", "writer laptop"]);
    expect(names(await listVisibleTokens(a.admin, { memberId: a.reader.memberId }))).toEqual(["reader laptop"]);
    await expect(listVisibleTokens(a.writer, { memberId: a.reader.memberId })).rejects.toBeInstanceOf(Forbidden);
  });

  it("filters by type", async () => {
    expect(names(await listVisibleTokens(a.writer, { type: "service" }))).toEqual(["deploy"]);
    expect(names(await listVisibleTokens(a.writer, { type: "personal" }))).toEqual(["writer CI", "writer laptop"]);
  });

  it("searches names case-insensitively", async () => {
    const result = await listVisibleTokens(a.admin, { showAll: true, search: "LAPTOP" });
    expect(names(result)).toEqual(["owner laptop", "reader laptop", "writer laptop"]);
    expect(result.totalCount).toBe(3);
  });

  it("pages with limit and offset and counts the whole result", async () => {
    const page = await listVisibleTokens(a.admin, { showAll: true, limit: 2, offset: 2 });
    expect(names(page)).toEqual(["deploy", "reader laptop"]);
    expect(page.totalCount).toBe(5);
    await expect(listVisibleTokens(a.admin, { limit: 1001 })).rejects.toBeInstanceOf(Invalid);
  });

  it("pages through exactly the whole list, in order, whatever the filter", async () => {
    const queries: [Actor, Parameters<typeof listVisibleTokens>[1]][] = [
      [a.writer, {}],
      [a.admin, { showAll: true }],
      [a.admin, { showAll: true, type: "personal" }],
      [a.admin, { showAll: true, type: "service" }],
      [a.admin, { showAll: true, search: "laptop" }],
      [a.admin, { memberId: a.writer.memberId }],
    ];
    for (const [actor, query] of queries) {
      const whole = await listVisibleTokens(actor, query);
      const paged = [];
      for (let offset = 0; offset < whole.totalCount + 2; offset += 2) {
        const page = await listVisibleTokens(actor, { ...query, limit: 2, offset });
        expect(page.totalCount).toBe(whole.totalCount);
        paged.push(...names(page));
      }
      expect(paged).toEqual(names(whole));
    }
  });

  it("answers NotFound for a token the member may not see, and shows what they may", async () => {
    await expect(getVisibleToken(a.writer, ids["reader laptop"]!)).rejects.toBeInstanceOf(NotFound);
    await expect(getVisibleToken(a.reader, ids["deploy"]!)).resolves.toMatchObject({ name: "deploy" });
    await expect(getVisibleToken(a.admin, ids["reader laptop"]!)).resolves.toMatchObject({ name: "reader laptop" });
  });

  it("answers NotFound, not Forbidden, for every action on a token the member may not see", async () => {
    const id = ids["owner laptop"]!;
    await expect(deleteAccessToken(a.reader, id)).rejects.toBeInstanceOf(NotFound);
    await expect(resetAccessToken(a.reader, id)).rejects.toBeInstanceOf(NotFound);
    await expect(updateAccessToken(a.reader, id, { name: "mine now" })).rejects.toBeInstanceOf(NotFound);
    await expect(cloneAccessToken(a.reader, id)).rejects.toBeInstanceOf(NotFound);
  });

  it("answers Forbidden for a token the member may see but not change", async () => {
    const id = ids["deploy"]!;
    await expect(deleteAccessToken(a.writer, id)).rejects.toBeInstanceOf(Forbidden);
    await expect(resetAccessToken(a.writer, id)).rejects.toBeInstanceOf(Forbidden);
    await expect(updateAccessToken(a.writer, id, { description: "mine" })).rejects.toBeInstanceOf(Forbidden);
    await expect(cloneAccessToken(a.writer, id)).rejects.toBeInstanceOf(Forbidden);
  });

  it("keeps every account's tokens invisible to every other account, owners included", async () => {
    const stranger = await createTestAccount();
    await expect(getVisibleToken(stranger.owner, ids["deploy"]!)).rejects.toBeInstanceOf(NotFound);
    await expect(deleteAccessToken(stranger.owner, ids["deploy"]!)).rejects.toBeInstanceOf(NotFound);
    expect((await listVisibleTokens(stranger.owner, { showAll: true })).totalCount).toBe(0);
    const view = await getVisibleToken(a.admin, ids["deploy"]!);
    expect(Object.values(tokenAbilities(stranger.owner, view))).not.toContain(true);
  });

  it("offers each viewer only what they may do", async () => {
    const own = await getVisibleToken(a.writer, ids["writer laptop"]!);
    expect(tokenAbilities(a.writer, own)).toEqual({ clone: true, edit: true, editPermission: true, reset: true, delete: true });
    const theirs = await getVisibleToken(a.admin, ids["writer laptop"]!);
    expect(tokenAbilities(a.admin, theirs)).toEqual({ clone: false, edit: true, editPermission: true, reset: false, delete: true });
    const svc = await getVisibleToken(a.reader, ids["deploy"]!);
    expect(Object.values(tokenAbilities(a.reader, svc))).not.toContain(true);
  });
});

describe(`list details (${testDatabaseKind})`, () => {
  it("treats LIKE wildcards in a search as plain text", async () => {
    const a = await createTestAccount();
    for (const name of ["50% off", "500 off", "a_b", "axb", "back\\slash"]) await personal(a.writer, name);
    expect(names(await listVisibleTokens(a.writer, { search: "0%" }))).toEqual(["50% off"]);
    expect(names(await listVisibleTokens(a.writer, { search: "a_b" }))).toEqual(["a_b"]);
    expect(names(await listVisibleTokens(a.writer, { search: "k\\s" }))).toEqual(["back\\slash"]);
  });

  it("keeps expired tokens listed, marked expired", async () => {
    const a = await createTestAccount();
    const { token } = await createAccessToken(a.writer, {
      name: "short-lived",
      permission: reader,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const db = await database();
    await db.update(accessTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accessTokens.id, token.id));
    const [listed] = (await listVisibleTokens(a.writer, {})).items;
    expect(listed).toMatchObject({ id: token.id, expired: true });
    expect((await getVisibleToken(a.writer, token.id)).expired).toBe(true);
  });

  it("orders tokens created in the same instant by id, stably across pages", async () => {
    const a = await createTestAccount();
    for (let i = 0; i < 6; i++) await personal(a.writer, `t${i}`);
    const db = await database();
    const at = new Date();
    await db.update(accessTokens).set({ createdAt: at }).where(eq(accessTokens.accountId, a.accountId));
    const all = (await listVisibleTokens(a.writer, {})).items.map((t) => t.id);
    expect(all).toEqual([...all].sort().reverse());
    const paged = [
      ...(await listVisibleTokens(a.writer, { limit: 4 })).items,
      ...(await listVisibleTokens(a.writer, { limit: 4, offset: 4 })).items,
    ].map((t) => t.id);
    expect(paged).toEqual(all);
  });
});

describe(`a removed member's tokens (${testDatabaseKind})`, () => {
  it("stop being the member's to act on, and admins may only view and delete them", async () => {
    const a = await createTestAccount();
    const leaver = await a.addMember("writer");
    const { token } = await personal(leaver, "leaver laptop");
    await a.removeMember(leaver.memberId);

    expect(await loadMemberActor(leaver.memberId, null)).toBeNull();
    const view = await getVisibleToken(a.admin, token.id);
    expect(view.member.removed).toBe(true);
    expect(tokenAbilities(a.admin, view)).toEqual({ clone: false, edit: false, editPermission: false, reset: false, delete: true });

    await expect(updateAccessToken(a.admin, token.id, { description: "x" })).rejects.toBeInstanceOf(Forbidden);
    await expect(resetAccessToken(a.admin, token.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(cloneAccessToken(a.admin, token.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(deleteAccessToken(a.writer, token.id)).rejects.toBeInstanceOf(NotFound);
    await deleteAccessToken(a.admin, token.id);
    await expect(getVisibleToken(a.admin, token.id)).rejects.toBeInstanceOf(NotFound);
  });

  it("leave the service tokens they created fully manageable", async () => {
    const a = await createTestAccount();
    const leaver = await a.addMember("admin");
    const { token } = await service(leaver, "built by a leaver");
    await a.removeMember(leaver.memberId);
    const view = await getVisibleToken(a.admin, token.id);
    expect(tokenAbilities(a.admin, view)).toMatchObject({ clone: true, edit: true, reset: true, delete: true });
    await expect(resetAccessToken(a.admin, token.id)).resolves.toBeDefined();
  });
});

describe("searching with invisible characters", () => {
  it("ignores control characters such as NUL in a search instead of failing", async () => {
    const account = await createTestAccount();
    await createAccessToken(account.writer, { name: "needle", permission: { kind: "role", role: "reader" } });
    const found = await listVisibleTokens(account.writer, { search: "nee\u0000dle\u0007" });
    expect(found.items.map((t) => t.name)).toEqual(["needle"]);
  });
});
