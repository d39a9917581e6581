// GET /api/v2/members and /members/{id} as LaunchDarkly's scripts call them: the filter language,
// sort, expand, and every field the published client's Member model requires.
import { testDatabaseKind } from "../helpers/env";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { members } from "@/db/schema";
import { inviteMember } from "@/lib/members";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";

type MemberJson = Record<string, unknown> & { _id: string; email: string };

let a: TestAccount;
let secret: string;
/** Members of `a` by name, beyond the four every test account has. */
const m: Record<string, string> = {};

async function set(memberId: string, values: Partial<typeof members.$inferInsert>) {
  const db = await database();
  await db.update(members).set(values).where(eq(members.id, memberId));
}

beforeAll(async () => {
  a = await createTestAccount({ customRoles: [{ key: "deployers", name: "Deployers", policy: [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }] }] });
  secret = (await createAccessToken(a.owner, { name: "script", permission: { kind: "role", role: "owner" } })).secret;
  const deployer = await a.addMember("writer", ["deployers"]);
  m.deployer = deployer.memberId;
  await set(deployer.memberId, { email: "zed@list.test", firstName: "Ada", lastName: "Zed", lastSignInAt: new Date(2_000_000_000_000) });
  await set(a.reader.memberId, { email: "bee@list.test", firstName: "", lastName: "", lastSignInAt: new Date(1_000_000_000_000) });
  await set(a.writer.memberId, { email: "cat@list.test", firstName: "Cy", lastName: "Cat", lastSignInAt: new Date(1_500_000_000_000) });
  await set(a.admin.memberId, { email: "dog@list.test", firstName: "Bo", lastName: "Dog", lastSignInAt: null });
  await set(a.owner.memberId, { email: "eel@list.test", firstName: "Eve", lastName: "Eel", lastSignInAt: new Date(1_700_000_000_000) });
  m.invited = (await inviteMember(a.owner, { email: "fox@list.test", role: "no_access" })).member.id;
});
afterAll(() => closeDatabase());

async function list(query: string) {
  const answer = await apiCall("GET", `/members${query}`, { secret });
  return { ...answer, items: (answer.json.items ?? []) as MemberJson[] };
}
const emails = (items: MemberJson[]) => items.map((i) => i.email);

describe(`GET /members as LaunchDarkly's scripts call it (${testDatabaseKind})`, () => {
  it("gives every member each field the client's Member model requires, also one who was never seen", async () => {
    const { status, json, items } = await list("");
    expect(status).toBe(200);
    expect(json._links).toMatchObject({ self: { href: expect.stringContaining("/api/v2/members") } });
    expect(items).toHaveLength(6);
    for (const item of items) {
      expect(item).toMatchObject({
        _id: expect.any(String),
        email: expect.any(String),
        role: expect.any(String),
        _pendingInvite: expect.any(Boolean),
        _verified: false,
        customRoles: expect.any(Array),
        mfa: "disabled",
        _lastSeen: expect.any(Number),
        creationDate: expect.any(Number),
        _links: { self: { href: `/api/v2/members/${item._id}`, type: "application/json" } },
      });
    }
    const byEmail = Object.fromEntries(items.map((i) => [i.email, i]));
    expect(byEmail["dog@list.test"]).toMatchObject({ _lastSeen: 0, _pendingInvite: false });
    expect(byEmail["fox@list.test"]).toMatchObject({ _lastSeen: 0, _pendingInvite: true, role: "no_access" });
    expect(byEmail["bee@list.test"]?._lastSeen).toBe(1_000_000_000_000);
  });

  it("filters by query, id and email, each list separated by |", async () => {
    expect(emails((await list("?filter=query:CY%20c")).items)).toEqual(["cat@list.test"]);
    expect(emails((await list(`?filter=id:${m.deployer}|${a.reader.memberId}`)).items)).toEqual(["bee@list.test", "zed@list.test"]);
    expect(emails((await list("?filter=email:EEL@list.test|dog@list.test")).items)).toEqual(["dog@list.test", "eel@list.test"]);
    // Terms combine: all must hold.
    expect(emails((await list(`?filter=query:list.test,email:cat@list.test|dog@list.test,id:${a.writer.memberId}`)).items)).toEqual(["cat@list.test"]);
  });

  it("filters by role: built-in roles (admin also finds owners) and custom role keys", async () => {
    expect(emails((await list("?filter=role:admin")).items)).toEqual(["dog@list.test", "eel@list.test"]);
    expect(emails((await list("?filter=role:owner")).items)).toEqual(["eel@list.test"]);
    expect(emails((await list("?filter=role:reader|deployers")).items)).toEqual(["bee@list.test", "zed@list.test"]);
    expect(emails((await list("?filter=role:no_access")).items)).toEqual(["fox@list.test"]);
    expect((await list("?filter=role:nobody-has-this")).items).toEqual([]);
  });

  it("filters by lastSeen: never, noData, and before a moment (never-seen members included)", async () => {
    expect(emails((await list(`?filter=lastSeen:${encodeURIComponent('{"never": true}')}`)).items)).toEqual(["dog@list.test", "fox@list.test"]);
    expect((await list(`?filter=lastSeen:${encodeURIComponent('{"noData": true}')}`)).items).toEqual([]);
    expect(emails((await list(`?filter=lastSeen:${encodeURIComponent('{"before": 1600000000000}')}`)).items)).toEqual([
      "bee@list.test",
      "cat@list.test",
      "dog@list.test",
      "fox@list.test",
    ]);
    const bad = await list(`?filter=lastSeen:${encodeURIComponent('{"after": 1}')}`);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: "invalid_request", message: expect.stringContaining("lastSeen") });
  });

  it("answers team filters truthfully: Tollgate has no teams", async () => {
    expect((await list("?filter=team:platform")).items).toEqual([]);
    expect((await list("?filter=noteam:true")).items).toHaveLength(6);
    expect((await list("?filter=noteam:false")).items).toEqual([]);
  });

  it("refuses an unknown filter field, accessCheck, a term without a value and a repeated field, naming them", async () => {
    for (const [filter, words] of [
      ["colour:red", "colour"],
      ["accessCheck:createProject:proj/x", "accessCheck"],
      ["justtext", "field:value"],
      ["role:reader,role:writer", "more than once"],
      ["noteam:maybe", "noteam"],
    ] as const) {
      const answer = await list(`?filter=${encodeURIComponent(filter)}`);
      expect(answer.status, filter).toBe(400);
      expect(answer.json, filter).toMatchObject({ code: "invalid_request", message: expect.stringContaining(words) });
    }
  });

  it("sorts by displayName and lastSeen, - for descending, never-seen members oldest", async () => {
    // Names, or the email when there is none: Ada Zed, bee@…, Bo Dog, Cy Cat, Eve Eel, fox@….
    expect(emails((await list("?sort=displayName")).items)).toEqual(["zed@list.test", "bee@list.test", "dog@list.test", "cat@list.test", "eel@list.test", "fox@list.test"]);
    expect(emails((await list("?sort=-displayName")).items)).toEqual(["fox@list.test", "eel@list.test", "cat@list.test", "dog@list.test", "bee@list.test", "zed@list.test"]);
    expect(emails((await list("?sort=lastSeen")).items)).toEqual(["dog@list.test", "fox@list.test", "bee@list.test", "cat@list.test", "eel@list.test", "zed@list.test"]);
    expect(emails((await list("?sort=-lastSeen")).items)).toEqual(["zed@list.test", "eel@list.test", "cat@list.test", "bee@list.test", "dog@list.test", "fox@list.test"]);
    const bad = await list("?sort=email");
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: "invalid_request", message: expect.stringContaining("displayName or lastSeen") });
  });

  it("keeps filter, sort and expand in the page links", async () => {
    const { json } = await list("?filter=query:list&sort=-lastSeen&expand=customRoles&limit=2");
    const next = new URL(String((json._links as Record<string, { href: string }>).next?.href), "http://x");
    expect(Object.fromEntries(next.searchParams)).toEqual({ filter: "query:list", sort: "-lastSeen", expand: "customRoles", limit: "2", offset: "2" });
  });

  it("expands customRoles into their ids, keys and names, and roleAttributes (none), on the list and on one member", async () => {
    const { items } = await list("?expand=customRoles,roleAttributes&filter=role:deployers");
    const info = [{ _id: a.roles.deployers?.id, key: "deployers", name: "Deployers" }];
    expect(items).toEqual([expect.objectContaining({ customRolesInfo: info, roleAttributes: {} })]);
    expect((await list("")).items.every((i) => !("customRolesInfo" in i) && !("roleAttributes" in i))).toBe(true);
    const one = await apiCall("GET", `/members/${m.deployer}?expand=customRoles`, { secret });
    expect(one.json).toMatchObject({ customRolesInfo: info, mfa: "disabled", _lastSeen: 2_000_000_000_000 });
    expect(one.json).not.toHaveProperty("roleAttributes");
    const me = await apiCall("GET", "/members/me?expand=roleAttributes", { secret });
    expect(me.json).toMatchObject({ _id: a.owner.memberId, roleAttributes: {} });
    const bad = await apiCall("GET", `/members/${m.deployer}?expand=teams`, { secret });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: "invalid_request", message: expect.stringContaining("teams") });
  });
});
