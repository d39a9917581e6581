import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { listHistory, listHistoryActors, MAX_HISTORY_ACTORS, type HistoryEntry } from "@/lib/audit";
import { authenticateApiToken } from "@/lib/auth";
import { Invalid } from "@/lib/errors";
import { createProject, deleteProject } from "@/lib/projects";
import { createAccessToken, deleteAccessToken, updateAccessToken } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { failure } from "../helpers/failure";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One account with a known story, in this order (each step its own transaction, a few
// milliseconds apart so every entry has its own millisecond):
//   writer creates token, writer creates project alpha, admin creates project beta,
//   writer edits the token, admin deletes beta, writer's token creates project gamma,
//   writer deletes the token.
let a: TestAccount;
let tokenId: string;
let viaToken: Actor;
let all: HistoryEntry[];
const STORY = ["tokenCreated", "projectCreated", "projectCreated", "tokenUpdated", "projectDeleted", "projectCreated", "tokenDeleted"];

beforeAll(async () => {
  a = await createTestAccount();
  const steps: (() => Promise<unknown>)[] = [
    async () => {
      const { token } = await createAccessToken(a.writer, { name: "deploy", permission: { kind: "role", role: "writer" } });
      tokenId = token.id;
    },
    () => createProject(a.writer, { key: "alpha", name: "Alpha" }),
    () => createProject(a.admin, { key: "beta", name: "Beta" }),
    () => updateAccessToken(a.writer, tokenId, { description: "ships it" }),
    () => deleteProject(a.admin, "beta"),
    async () => {
      // A second token of the writer's, used once: its entries carry its id as the actor.
      const { secret } = await createAccessToken(a.writer, { name: "ci", permission: { kind: "role", role: "writer" } });
      const caller = await authenticateApiToken(secret, "192.0.2.44");
      if (!caller) throw new Error("token did not authenticate");
      viaToken = caller.actor;
      await createProject(viaToken, { key: "gamma", name: "Gamma" });
    },
    () => deleteAccessToken(a.writer, tokenId),
  ];
  for (const step of steps) {
    await step();
    await sleep(5);
  }
  all = (await listHistory(a.admin, { limit: 1000 })).items;
});
afterAll(() => closeDatabase());

describe(`reading change history (${testDatabaseKind})`, () => {
  it("lists entries newest first", () => {
    // The "ci" token's own creation sits between the edit and the project it made.
    expect(all.map((e) => e.action)).toEqual([...STORY.slice(0, 5), "tokenCreated", ...STORY.slice(5)].reverse());
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(all[i]!.at.getTime());
  });

  it("shows each entry's actor, target, changes and address", () => {
    const edit = all.find((e) => e.action === "tokenUpdated");
    expect(edit).toEqual({
      id: expect.any(String),
      accountId: a.accountId,
      at: expect.any(Date),
      actor: { kind: "member", memberId: a.writer.memberId, tokenId: null, name: a.writer.displayName },
      tokenCreator: null,
      actorMember: { id: a.writer.memberId, email: a.writer.displayName, firstName: expect.any(String), lastName: expect.any(String), role: "writer" },
      actorTokenIsService: null,
      action: "tokenUpdated",
      target: { kind: "token", id: tokenId, name: "deploy" },
      resources: [`member/${a.writer.memberId}:token/deploy`],
      accesses: [{ action: "updateAccessTokenDescription", resource: `member/${a.writer.memberId}:token/deploy` }],
      changes: { description: { before: "", after: "ships it" } },
      comment: null,
      ip: "203.0.113.7",
    });
    const gamma = all.find((e) => e.target.name === "gamma");
    expect(gamma?.actor).toEqual({ kind: "token", memberId: a.writer.memberId, tokenId: viaToken.token?.id, name: "ci" });
    expect(gamma?.tokenCreator).toMatchObject({ id: a.writer.memberId, email: a.writer.displayName, role: "writer" });
    expect(gamma?.actorMember).toBeNull();
    expect(gamma?.ip).toBe("192.0.2.44");
  });

  it("filters by the member who acted, including through their tokens", async () => {
    const { items, totalCount } = await listHistory(a.admin, { actorMemberId: a.writer.memberId });
    expect(items.map((e) => e.action)).toEqual(["tokenDeleted", "projectCreated", "tokenCreated", "tokenUpdated", "projectCreated", "tokenCreated"]);
    expect(totalCount).toBe(6);
    expect((await listHistory(a.admin, { actorMemberId: a.admin.memberId })).items.map((e) => e.target.name)).toEqual(["beta", "beta"]);
  });

  it("filters by the token that acted", async () => {
    const { items } = await listHistory(a.admin, { actorTokenId: viaToken.token?.id });
    expect(items.map((e) => `${e.action} ${e.target.name}`)).toEqual(["projectCreated gamma"]);
  });

  it("filters by target kind and by target", async () => {
    expect((await listHistory(a.admin, { targetKind: "project" })).items.map((e) => e.target.name)).toEqual(["gamma", "beta", "beta", "alpha"]);
    const token = await listHistory(a.admin, { targetKind: "token", targetId: tokenId });
    expect(token.items.map((e) => e.action)).toEqual(["tokenDeleted", "tokenUpdated", "tokenCreated"]);
    // A target id alone is enough.
    expect((await listHistory(a.admin, { targetId: tokenId })).totalCount).toBe(3);
    expect((await listHistory(a.admin, { targetKind: "member", targetId: tokenId })).totalCount).toBe(0);
  });

  it("filters by action", async () => {
    const { items } = await listHistory(a.admin, { action: "projectCreated" });
    expect(items.map((e) => e.target.name)).toEqual(["gamma", "beta", "alpha"]);
    expect((await listHistory(a.admin, { action: "noSuchAction" })).items).toEqual([]);
  });

  it("filters by a date range that includes both ends", async () => {
    const [newest, , third, , fifth] = all;
    const range = await listHistory(a.admin, { from: fifth!.at, to: third!.at });
    expect(range.items.map((e) => e.id)).toEqual(all.slice(2, 5).map((e) => e.id));
    expect((await listHistory(a.admin, { from: third!.at, to: third!.at })).items.map((e) => e.id)).toEqual([third!.id]);
    expect((await listHistory(a.admin, { from: new Date(newest!.at.getTime() + 1) })).totalCount).toBe(0);
    expect((await listHistory(a.admin, { to: fifth!.at })).totalCount).toBe(all.length - 4);
  });

  it("combines filters, each narrowing the result", async () => {
    const { items } = await listHistory(a.admin, { actorMemberId: a.writer.memberId, targetKind: "project", action: "projectCreated" });
    expect(items.map((e) => e.target.name)).toEqual(["gamma", "alpha"]);
  });

  it("pages through entries with a total that ignores the page", async () => {
    const pages: HistoryEntry[] = [];
    for (let offset = 0; offset < all.length; offset += 3) {
      const page = await listHistory(a.admin, { limit: 3, offset });
      expect(page.totalCount).toBe(all.length);
      expect(page.items.length).toBe(Math.min(3, all.length - offset));
      pages.push(...page.items);
    }
    expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect((await listHistory(a.admin, { offset: all.length })).items).toEqual([]);
    expect((await listHistory(a.admin, {})).items).toHaveLength(all.length);
  });

  it("pages 25 entries by default", async () => {
    const b = await createTestAccount();
    for (let i = 0; i < 27; i++) await createProject(b.writer, { key: `p${i}`, name: `P${i}` });
    const page = await listHistory(b.owner);
    expect(page.items).toHaveLength(25);
    expect(page.totalCount).toBe(27);
  });

  it("refuses limits outside 1 to 1000, a negative offset and a range that ends before it starts", async () => {
    for (const query of [{ limit: 0 }, { limit: 1001 }, { offset: -1 }, { from: new Date(2025, 1, 2), to: new Date(2025, 1, 1) }]) {
      expect(await failure(listHistory(a.admin, query))).toBeInstanceOf(Invalid);
    }
  });

  it("never shows another account's entries", async () => {
    const other = await createTestAccount();
    await createProject(other.writer, { key: "alpha", name: "Their alpha" });
    expect((await listHistory(a.admin, { limit: 1000 })).items.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect((await listHistory(other.owner)).items.map((e) => e.target.name)).toEqual(["alpha"]);
    expect((await listHistoryActors(other.owner)).map((x) => x.memberId)).toEqual([other.writer.memberId]);
  });
});

describe(`the actor filter's choices (${testDatabaseKind})`, () => {
  it("lists each actor once, most recently active first, members and tokens apart", async () => {
    expect(await listHistoryActors(a.admin)).toEqual([
      { kind: "member", memberId: a.writer.memberId, tokenId: null, name: a.writer.displayName },
      { kind: "token", memberId: a.writer.memberId, tokenId: viaToken.token?.id, name: "ci" },
      { kind: "member", memberId: a.admin.memberId, tokenId: null, name: a.admin.displayName },
    ]);
  });

  it(`returns at most ${MAX_HISTORY_ACTORS} actors, under the name of their latest entry`, async () => {
    const b = await createTestAccount();
    const db = await database();
    const entry = (i: number, name: string) => ({
      accountId: b.accountId,
      actorKind: "member" as const,
      actorMemberId: `member-${i}`,
      actorName: name,
      action: "projectCreated",
      targetKind: "project" as const,
      targetId: `p${i}`,
      targetName: `p${i}`,
    });
    await db.insert(auditLog).values(Array.from({ length: MAX_HISTORY_ACTORS + 5 }, (_, i) => entry(i, `old-${i}@x.test`)));
    await db.insert(auditLog).values(entry(0, "renamed@x.test"));
    const actors = await listHistoryActors(b.owner);
    expect(actors).toHaveLength(MAX_HISTORY_ACTORS);
    expect(actors[0]).toEqual({ kind: "member", memberId: "member-0", tokenId: null, name: "renamed@x.test" });
    expect(new Set(actors.map((x) => x.memberId)).size).toBe(MAX_HISTORY_ACTORS);
  });
});
