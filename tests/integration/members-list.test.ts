import { testDatabaseKind } from "../helpers/env";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { members } from "@/db/schema";
import { Invalid, NotFound } from "@/lib/errors";
import { getMember, listMembers } from "@/lib/members";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, twoTestAccounts, type TestAccount  } from "../helpers/accounts";
import { reader } from "../helpers/fixtures";

let a: TestAccount;
let other: TestAccount;
beforeAll(async () => {
  [a, other] = await twoTestAccounts();
});
afterAll(() => closeDatabase());

async function rename(memberId: string, values: { email?: string; firstName?: string; lastName?: string }) {
  const db = await database();
  await db.update(members).set(values).where(eq(members.id, memberId));
}

describe(`listing members (${testDatabaseKind})`, () => {
  it("lists the account's active members by email, with roles, custom roles and personal token counts", async () => {
    const b = await createTestAccount({
      customRoles: [
        { key: "b-role", policy: [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }] },
        { key: "a-role", policy: [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }] },
      ],
    });
    const holder = await b.addMember("writer", ["b-role", "a-role"]);
    await createAccessToken(holder, { name: "one", permission: reader });
    await createAccessToken(holder, { name: "two", permission: reader });
    // A service token is the account's, not its creator's: not counted as theirs.
    await createAccessToken(b.admin, { name: "deploy", serviceToken: true, permission: reader });

    const { items, totalCount } = await listMembers(b.reader);
    expect(totalCount).toBe(5);
    expect(items.map((m) => m.email)).toEqual([...items.map((m) => m.email)].sort());
    expect(items.map((m) => m.role).sort()).toEqual(["admin", "owner", "reader", "writer", "writer"]);
    const listed = items.find((m) => m.id === holder.memberId);
    expect(listed).toMatchObject({
      role: "writer",
      removed: false,
      lastSignInAt: null,
      personalTokenCount: 2,
      customRoles: [
        { id: b.roles["a-role"]!.id, key: "a-role", name: "a-role" },
        { id: b.roles["b-role"]!.id, key: "b-role", name: "b-role" },
      ],
    });
    expect(listed?.createdAt).toBeInstanceOf(Date);
    expect(items.find((m) => m.id === b.admin.memberId)?.personalTokenCount).toBe(0);
    expect(JSON.stringify(items)).not.toMatch(/password|hash/i);
  });

  it("never lists another account's members", async () => {
    const { items, totalCount } = await listMembers(a.admin, { limit: 1000, includeRemoved: true });
    expect(items.map((m) => m.id).sort()).toEqual([a.owner, a.admin, a.writer, a.reader].map((m) => m.memberId).sort());
    expect(totalCount).toBe(4);
    expect((await listMembers(a.admin, { search: other.owner.displayName })).items).toEqual([]);
  });

  it("searches email, first and last name case-insensitively", async () => {
    const b = await createTestAccount();
    const ada = await b.addMember("writer");
    // Names with letters outside a–f: the fixture's emails carry a random hex tag, which "ada"
    // could occur in.
    await rename(ada.memberId, { email: "xiomara@analytical.test", firstName: "Xiomara", lastName: "Lovelace" });
    const grace = await b.addMember("reader");
    await rename(grace.memberId, { email: "grace@navy.test", firstName: "Grace", lastName: "Hopper" });
    const ids = async (search: string) => (await listMembers(b.owner, { search })).items.map((m) => m.id);
    expect(await ids("ANALYTICAL")).toEqual([ada.memberId]);
    expect(await ids("xiomara")).toEqual([ada.memberId]);
    expect(await ids("hopp")).toEqual([grace.memberId]);
    expect(await ids("xiomara love")).toEqual([ada.memberId]);
    expect(await ids("nobody")).toEqual([]);
    expect((await listMembers(b.owner, { search: "  " })).totalCount).toBe(6);
  });

  it("treats % and _ in a search as text, not wildcards", async () => {
    const b = await createTestAccount();
    const odd = await b.addMember("reader");
    await rename(odd.memberId, { email: "50%_off@shop.test" });
    const plain = await b.addMember("reader");
    await rename(plain.memberId, { email: "50xyoff@shop.test" });
    expect((await listMembers(b.owner, { search: "50%_" })).items.map((m) => m.id)).toEqual([odd.memberId]);
    expect((await listMembers(b.owner, { search: "%" })).items.map((m) => m.id)).toEqual([odd.memberId]);
  });

  it("paginates with a total count, also past the end", async () => {
    const b = await createTestAccount();
    for (let i = 0; i < 6; i++) await b.addMember("reader");
    const all = (await listMembers(b.owner, { limit: 1000 })).items.map((m) => m.id);
    expect(all).toHaveLength(10);
    const first = await listMembers(b.owner, { limit: 4 });
    const second = await listMembers(b.owner, { limit: 4, offset: 4 });
    const last = await listMembers(b.owner, { limit: 4, offset: 8 });
    expect(first.totalCount).toBe(10);
    expect(second.totalCount).toBe(10);
    expect([...first.items, ...second.items, ...last.items].map((m) => m.id)).toEqual(all);
    expect(last.items).toHaveLength(2);
    expect(await listMembers(b.owner, { limit: 4, offset: 40 })).toEqual({ items: [], totalCount: 10 });
    expect((await listMembers(b.owner)).items).toHaveLength(10);
  });

  it("defaults to 25 per page and refuses limits outside 1–1000", async () => {
    const b = await createTestAccount();
    for (let i = 0; i < 23; i++) await b.addMember("reader");
    const page = await listMembers(b.owner);
    expect(page.items).toHaveLength(25);
    expect(page.totalCount).toBe(27);
    for (const query of [{ limit: 0 }, { limit: 1001 }, { limit: 2.5 }, { offset: -1 }]) {
      await expect(listMembers(b.owner, query)).rejects.toBeInstanceOf(Invalid);
    }
  });

  it("hides removed members unless asked, and then marks them removed", async () => {
    const b = await createTestAccount();
    await b.removeMember(b.reader.memberId);
    expect((await listMembers(b.owner)).items.map((m) => m.id)).not.toContain(b.reader.memberId);
    const withRemoved = await listMembers(b.owner, { includeRemoved: true });
    expect(withRemoved.totalCount).toBe(4);
    expect(withRemoved.items.find((m) => m.id === b.reader.memberId)?.removed).toBe(true);
  });
});

describe(`getting one member (${testDatabaseKind})`, () => {
  it("returns any member of the account to any member", async () => {
    const member = await getMember(a.reader, a.owner.memberId);
    expect(member).toMatchObject({ id: a.owner.memberId, email: a.owner.displayName, role: "owner", customRoles: [], removed: false });
  });

  it("answers NotFound for another account's member and for an unknown id", async () => {
    await expect(getMember(a.owner, other.owner.memberId)).rejects.toBeInstanceOf(NotFound);
    await expect(getMember(a.owner, "0".repeat(24))).rejects.toBeInstanceOf(NotFound);
    await expect(getMember(a.owner, "")).rejects.toBeInstanceOf(NotFound);
  });
});
