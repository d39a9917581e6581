import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { listHistory, listHistoryActors, recordChange, type HistoryEntry } from "@/lib/audit";
import { createProject } from "@/lib/projects";
import { createAccessToken, deleteAccessToken, updateAccessToken } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { actorOfSecret } from "../helpers/token-actor";

const writerRole = { kind: "role", role: "writer" } as const;

// The story: two writers (W, W2) with personal tokens, an admin (A) acting on both writers'
// tokens and on a project, a change to each writer as a member, and a service token.
let a: TestAccount;
let w2: Actor;
const ids: Record<string, string> = {};
let everything: HistoryEntry[];

async function asToken(owner: Actor, name: string, role: "reader" | "writer" | "admin", serviceToken = false): Promise<Actor> {
  const { token, secret } = await createAccessToken(owner, { name, permission: { kind: "role", role }, serviceToken });
  ids[name] = token.id;
  return actorOfSecret(secret, "198.51.100.9");
}

async function memberChange(actor: Actor, member: Actor) {
  const db = await database();
  await recordChange(db, {
    actor,
    action: "memberUpdated",
    target: { kind: "member", id: member.memberId, name: member.displayName },
    changes: { role: { before: "reader", after: "writer" } },
  });
}

beforeAll(async () => {
  a = await createTestAccount();
  w2 = await a.addMember("writer");
  ids["w-keep"] = (await createAccessToken(a.writer, { name: "w-keep", permission: writerRole })).token.id;
  ids["w-gone"] = (await createAccessToken(a.writer, { name: "w-gone", permission: writerRole })).token.id;
  ids["w2-token"] = (await createAccessToken(w2, { name: "w2-token", permission: writerRole })).token.id;
  await createProject(a.writer, { key: "writers-project", name: "W" });
  await createProject(w2, { key: "other-writers-project", name: "W2" });
  // An admin acts on the writer's tokens (one of them deleted: its history must stay theirs) —
  // an update, as an admin may not reset another member's token (the new secret would be theirs) …
  await updateAccessToken(a.admin, ids["w-keep"]!, { description: "seen by admin" });
  await deleteAccessToken(a.admin, ids["w-gone"]!);
  // … and on the other writer's token, on a project and on a service token.
  await updateAccessToken(a.admin, ids["w2-token"]!, { description: "checked by admin" });
  await createProject(a.admin, { key: "admins-project", name: "A" });
  await asToken(a.admin, "reader-service", "reader", true);
  await memberChange(a.admin, a.writer);
  await memberChange(a.admin, w2);
  // The writer through a personal token.
  const writersToken = await asToken(a.writer, "w-cli", "writer");
  await createProject(writersToken, { key: "via-token", name: "Via token" });
  everything = (await listHistory(a.admin, { limit: 1000 })).items;
});
afterAll(() => closeDatabase());

const describeEntry = (e: HistoryEntry) => `${e.action} ${e.target.name}`;

describe(`who sees which history (${testDatabaseKind})`, () => {
  it("shows admins and owners every entry of the account", async () => {
    expect(everything).toHaveLength(14);
    expect((await listHistory(a.owner, { limit: 1000 })).items.map((e) => e.id)).toEqual(everything.map((e) => e.id));
  });

  it("shows a writer only what they did and what was done to them or their own tokens, deleted ones included", async () => {
    const seen = await listHistory(a.writer, { limit: 1000 });
    expect(seen.items.map(describeEntry)).toEqual([
      "projectCreated via-token",
      "tokenCreated w-cli",
      `memberUpdated ${a.writer.displayName}`,
      "tokenDeleted w-gone",
      "tokenUpdated w-keep",
      "projectCreated writers-project",
      "tokenCreated w-gone",
      "tokenCreated w-keep",
    ]);
    expect(seen.totalCount).toBe(8);
  });

  it("never shows a writer another member's entries or entries about another member's tokens", async () => {
    const seen = (await listHistory(a.writer, { limit: 1000 })).items;
    for (const entry of seen) {
      const mine = entry.actor.memberId === a.writer.memberId;
      const aboutMyTokens = entry.target.kind === "token" && [ids["w-keep"], ids["w-gone"], ids["w-cli"]].includes(entry.target.id);
      const aboutMe = entry.target.kind === "member" && entry.target.id === a.writer.memberId;
      expect(mine || aboutMyTokens || aboutMe, describeEntry(entry)).toBe(true);
    }
    const names = seen.map((e) => e.target.name);
    expect(names).not.toContain("w2-token");
    expect(names).not.toContain("other-writers-project");
    expect(names).not.toContain("admins-project");
    expect(names).not.toContain("reader-service");
    expect(names).not.toContain(w2.displayName);
  });

  it("keeps filters within what the viewer may see", async () => {
    const byAdmin = await listHistory(a.writer, { actorMemberId: a.admin.memberId });
    expect(byAdmin.items.map(describeEntry)).toEqual([`memberUpdated ${a.writer.displayName}`, "tokenDeleted w-gone", "tokenUpdated w-keep"]);
    expect((await listHistory(a.writer, { targetId: ids["w2-token"] })).totalCount).toBe(0);
    expect((await listHistory(a.writer, { targetKind: "project" })).items.map((e) => e.target.name)).toEqual(["via-token", "writers-project"]);
  });

  it("hides the address of entries a non-admin viewer did not cause", async () => {
    const seen = (await listHistory(a.writer, { limit: 1000 })).items;
    for (const entry of seen) {
      expect(entry.ip, describeEntry(entry)).toBe(entry.actor.memberId === a.writer.memberId ? entry.ip ?? "missing" : null);
    }
    expect(seen.find((e) => e.action === "tokenUpdated" && e.target.name === "w-keep")?.ip).toBeNull();
    expect(seen.find((e) => e.target.name === "writers-project")?.ip).toBe("203.0.113.7");
    expect(everything.find((e) => e.action === "tokenUpdated" && e.target.name === "w-keep")?.ip).toBe("203.0.113.7");
  });

  it("shows the other writer their own side only", async () => {
    const seen = await listHistory(w2, { limit: 1000 });
    expect(seen.items.map(describeEntry)).toEqual([
      `memberUpdated ${w2.displayName}`,
      "tokenUpdated w2-token",
      "projectCreated other-writers-project",
      "tokenCreated w2-token",
    ]);
  });

  it("shows a reader with no history nothing", async () => {
    expect(await listHistory(a.reader)).toEqual({ items: [], totalCount: 0 });
    expect(await listHistoryActors(a.reader)).toEqual([]);
  });

  it("gives a personal token the view of its member, capped by its own role", async () => {
    const writersToken = await asToken(a.writer, "w-reader-token", "reader");
    const seen = (await listHistory(writersToken, { limit: 1000 })).items;
    expect(seen.map((e) => e.target.name)).toContain("writers-project");
    expect(seen.map((e) => e.target.name)).not.toContain("w2-token");
    // An admin's reader token does not carry the admin's view of everyone.
    const adminsReaderToken = await asToken(a.admin, "a-reader-token", "reader");
    const adminSeen = (await listHistory(adminsReaderToken, { limit: 1000 })).items;
    expect(adminSeen.map((e) => e.target.name)).not.toContain("writers-project");
    expect(adminSeen.every((e) => e.actor.memberId === a.admin.memberId)).toBe(true);
    const adminsAdminToken = await asToken(a.admin, "a-admin-token", "admin");
    expect((await listHistory(adminsAdminToken, { limit: 1000 })).totalCount).toBeGreaterThanOrEqual(everything.length);
  });

  it("shows a service token without an admin's role only its own entries, not its creator's", async () => {
    const service = await asToken(a.admin, "reader-service-2", "reader", true);
    const seen = await listHistory(service, { limit: 1000 });
    expect(seen.items.map(describeEntry)).toEqual(["tokenCreated reader-service-2"]);
    expect(seen.items[0]?.ip).toBeNull();
  });

  it("offers only the actors of visible entries in the actor filter", async () => {
    const writerActors = await listHistoryActors(a.writer);
    // Order is by latest activity (tested with the query); here only who is offered matters.
    expect(writerActors.map((x) => `${x.kind} ${x.memberId} ${x.name}`).sort()).toEqual(
      [
        `token ${a.writer.memberId} w-cli`,
        `member ${a.admin.memberId} ${a.admin.displayName}`,
        `member ${a.writer.memberId} ${a.writer.displayName}`,
      ].sort(),
    );
    const adminActors = await listHistoryActors(a.admin);
    expect(adminActors.map((x) => x.memberId)).toContain(w2.memberId);
  });
});
