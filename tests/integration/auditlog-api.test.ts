import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { listHistory } from "@/lib/audit";
import { createProject, updateProject } from "@/lib/projects";
import { createRole } from "@/lib/roles";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";

// LaunchDarkly's audit log API over Tollgate's change history: the entry's fields, the list's
// parameters (before / after exclusive, limit 1–20, q, spec), the policy search, one entry by id,
// and a PATCH's comment.
afterAll(() => closeDatabase());

type Entry = {
  _id: string;
  _accountId: string;
  date: number;
  accesses: { action: string; resource: string }[];
  kind: string;
  name: string;
  description: string;
  shortDescription: string;
  comment?: string;
  target: { resources: string[] };
  member?: Record<string, unknown>;
  _links: { self: { href: string } };
};
type Listing = { items: Entry[]; totalCount: number; _links: Record<string, { href: string }> };

let a: TestAccount;
let ownerSecret: string;
let readerSecret: string;
/** A time before everything the test inserts by hand, on a whole second. */
const T = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

async function list(query: string, secret = ownerSecret): Promise<Listing> {
  const answer = await apiCall("GET", `/auditlog${query}`, { secret });
  expect(answer.status, answer.text).toBe(200);
  return answer.json as unknown as Listing;
}

/** Entries written straight into the history at a chosen time, several sharing a millisecond. */
async function entriesAt(at: number, names: string[]): Promise<void> {
  const db = await database();
  await db.insert(auditLog).values(
    names.map((name) => ({
      accountId: a.accountId,
      at: new Date(at),
      actorKind: "member" as const,
      actorMemberId: a.owner.memberId,
      actorName: a.owner.displayName,
      action: "projectUpdated",
      targetKind: "project" as const,
      targetId: `p-${name}`,
      targetName: name,
    })),
  );
}

beforeAll(async () => {
  a = await createTestAccount();
  ownerSecret = (await createAccessToken(a.owner, { name: "owner script", permission: { kind: "role", role: "owner" } })).secret;
  readerSecret = (await createAccessToken(a.reader, { name: "reader script", permission: { kind: "role", role: "reader" } })).secret;
  await createProject(a.admin, { key: "alpha", name: "Alpha" });
  await createProject(a.admin, { key: "alphabet", name: "Alphabet" });
  await updateProject(a.admin, "alpha", { name: "Alpha one" });
  await createRole(a.admin, { key: "ops", name: "Ops", policy: [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }] });
  // Five entries in one millisecond, three in the next, one a second later.
  await entriesAt(T, ["tie-1", "tie-2", "tie-3", "tie-4", "tie-5"]);
  await entriesAt(T + 1, ["next-1", "next-2", "next-3"]);
  await entriesAt(T + 1000, ["later"]);
});

describe(`the audit log API (${testDatabaseKind})`, () => {
  it("gives every entry the fields LaunchDarkly's model requires, with the target's resource specifiers", async () => {
    const { items } = await list("?limit=20");
    expect(items.length).toBeGreaterThan(0);
    for (const e of items) {
      expect(e._accountId).toBe(a.accountId);
      expect(typeof e.date).toBe("number");
      expect(e.description).toEqual(expect.any(String));
      expect(e.shortDescription).toEqual(expect.any(String));
      expect(e.kind).toEqual(expect.any(String));
      expect(e.name).toEqual(expect.any(String));
      expect(e._links.self.href).toBe(`/api/v2/auditlog/${e._id}`);
      expect(Array.isArray(e.accesses)).toBe(true);
    }
    const ops = items.find((e) => e.kind === "role" && e.name === "ops");
    expect(ops?.target.resources).toEqual(["role/ops"]);
    expect(ops?.accesses).toEqual([{ action: "createRole", resource: "role/ops" }]);
    expect(ops?.shortDescription).toBe("created the custom role ops");
    expect(ops?.member).toMatchObject({ _id: a.admin.memberId, email: a.admin.displayName, role: "admin", _links: { self: { href: `/api/v2/members/${a.admin.memberId}` } } });
    const token = items.find((e) => e.kind === "token" && e.name === "reader script");
    expect(token?.target.resources).toEqual([`member/${a.reader.memberId}:token/reader script`]);
  });

  it("takes limit from 1 to 20, 10 unless asked, and refuses anything else", async () => {
    expect((await list("")).items).toHaveLength(10);
    expect((await list("?limit=1")).items).toHaveLength(1);
    await list("?limit=20");
    for (const limit of ["0", "21", "1000", "-1", "2.5", "ten"]) {
      const answer = await apiCall("GET", `/auditlog?limit=${limit}`, { secret: ownerSecret });
      expect(answer.status, `limit=${limit}`).toBe(400);
      expect(answer.json.code).toBe("invalid_request");
    }
  });

  it("treats before and after as exclusive, to the millisecond", async () => {
    const names = async (query: string) => (await list(`${query}&limit=20`)).items.map((e) => e.name).sort();
    expect(await names(`?after=${T}&before=${T + 1000}`)).toEqual(["next-1", "next-2", "next-3"]);
    expect(await names(`?after=${T - 1}&before=${T + 1}`)).toEqual(["tie-1", "tie-2", "tie-3", "tie-4", "tie-5"]);
    expect(await names(`?after=${T}&before=${T + 1}`)).toEqual([]);
    expect(await names(`?after=${T + 999}&before=${T + 1001}`)).toEqual(["later"]);
  });

  it("lets a client page with before = the last entry's date: it ends, and sees every entry exactly once, ties included", async () => {
    const everything = (await listHistory(a.owner, { limit: 1000 })).items.map((e) => e.id).sort();
    for (const limit of [1, 2, 3, 4, 20]) {
      const seen: string[] = [];
      let before: number | undefined;
      for (let page = 0; page < 100; page++) {
        const { items } = await list(`?limit=${limit}${before === undefined ? "" : `&before=${before}`}`);
        if (items.length === 0) break;
        seen.push(...items.map((e) => e._id));
        before = items.at(-1)!.date;
      }
      expect([...seen].sort(), `limit=${limit}`).toEqual(everything);
    }
  });

  it("fills a page past its limit only with the rest of its last millisecond", async () => {
    const page = await list(`?before=${T + 2}&limit=2`);
    expect(page.items.map((e) => e.name).sort()).toEqual(["next-1", "next-2", "next-3"]);
    const tie = await list(`?before=${T + 1}&limit=1`);
    expect(tie.items).toHaveLength(5);
    expect(new Set(tie.items.map((e) => e.date))).toEqual(new Set([T]));
  });

  it("searches with q in the target's name, the actor and the comment, in any case, % and _ taken literally", async () => {
    const names = async (q: string) => [...new Set((await list(`?limit=20&q=${encodeURIComponent(q)}`)).items.map((e) => e.name))].sort();
    expect(await names("ALPHA")).toEqual(["alpha", "alphabet"]);
    expect(await names("tie-3")).toEqual(["tie-3"]);
    expect(await names("%")).toEqual([]);
    expect(await names("tie_")).toEqual([]);
    const byReader = (await list(`?limit=20&q=${encodeURIComponent(a.reader.displayName)}`)).items;
    expect(byReader.length).toBeGreaterThan(0);
  });

  it("filters with spec: entries one of whose target's resources the specifier matches", async () => {
    const names = async (spec: string) => [...new Set((await list(`?limit=20&spec=${encodeURIComponent(spec)}`)).items.map((e) => `${e.kind} ${e.name}`))].sort();
    expect(await names("proj/alpha")).toEqual(["project alpha"]);
    expect(await names("proj/alpha*")).toEqual(["project alpha", "project alphabet"]);
    expect(await names("role/*")).toEqual(["role ops"]);
    expect(await names(`member/${a.reader.memberId}:token/*`)).toEqual(["token reader script"]);
    expect(await names("proj/nothing-like-it")).toEqual([]);
  });

  it("POST /auditlog keeps the entries one of whose accesses the policy allows, and refuses a body that is no policy", async () => {
    const search = (body: unknown, query = "?limit=20") => apiCall("POST", `/auditlog${query}`, { secret: ownerSecret, body });
    const updates = await search([{ effect: "allow", actions: ["updateProject"], resources: ["proj/alpha"] }]);
    expect(updates.status, updates.text).toBe(200);
    expect((updates.json as unknown as Listing).items.map((e) => `${e.name}: ${e.shortDescription}`)).toEqual(["alpha: updated the project alpha"]);
    const denied = await search([
      { effect: "allow", actions: ["*"], resources: ["proj/*"] },
      { effect: "deny", actions: ["*"], resources: ["proj/tie-*", "proj/next-*", "proj/later"] },
    ]);
    expect([...new Set((denied.json as unknown as Listing).items.map((e) => e.name))].sort()).toEqual(["alpha", "alphabet"]);
    const noBody = await apiCall("POST", "/auditlog?limit=3", { secret: ownerSecret });
    expect(noBody.status).toBe(200);
    expect((noBody.json as unknown as Listing).items).toHaveLength(3);
    for (const bad of [{}, [], [{ effect: "maybe", actions: ["*"], resources: ["*"] }], "proj/*"]) {
      const refused = await search(bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it("GET /auditlog/{id} answers an entry its caller may see, and 404 for one they may not or that does not exist", async () => {
    const ops = (await list("?limit=20&spec=role/ops")).items[0]!;
    const one = await apiCall("GET", `/auditlog/${ops._id}`, { secret: ownerSecret });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ _id: ops._id, _accountId: a.accountId, kind: "role", name: "ops", target: { resources: ["role/ops"] } });
    // A reader sees only what they caused or what was done to them or their tokens.
    expect((await apiCall("GET", `/auditlog/${ops._id}`, { secret: readerSecret })).status).toBe(404);
    const readersOwn = (await list("?limit=20", readerSecret)).items[0]!;
    expect((await apiCall("GET", `/auditlog/${readersOwn._id}`, { secret: readerSecret })).status).toBe(200);
    const other = await createTestAccount();
    const otherSecret = (await createAccessToken(other.owner, { name: "elsewhere", permission: { kind: "role", role: "owner" } })).secret;
    expect((await apiCall("GET", `/auditlog/${ops._id}`, { secret: otherSecret })).status).toBe(404);
    expect((await apiCall("GET", "/auditlog/no-such-entry", { secret: ownerSecret })).status).toBe(404);
    expect((await apiCall("GET", `/auditlog/${"x".repeat(65)}`, { secret: ownerSecret })).status).toBe(404);
  });

  it("keeps a custom role PATCH's comment in the change's entry, and refuses a comment holding a secret", async () => {
    const patched = await apiCall("PATCH", "/roles/ops", {
      secret: ownerSecret,
      body: { patch: [{ op: "replace", path: "/name", value: "Operations" }], comment: "  Renamed for the on-call rota  " },
    });
    expect(patched.status, patched.text).toBe(200);
    const [entry] = (await list("?limit=1&spec=role/ops")).items;
    expect(entry).toMatchObject({ name: "ops", comment: "Renamed for the on-call rota", accesses: [{ action: "updateRole", resource: "role/ops" }] });
    expect((await apiCall("GET", `/auditlog/${entry!._id}`, { secret: ownerSecret })).json.comment).toBe("Renamed for the on-call rota");
    expect((await list(`?limit=20&q=${encodeURIComponent("on-call")}`)).items.map((e) => e._id)).toEqual([entry!._id]);

    const before = (await listHistory(a.owner, { limit: 1 })).totalCount;
    expect((await apiCall("PATCH", "/roles/ops", { secret: ownerSecret, body: { patch: [], comment: "nothing changes" } })).status).toBe(200);
    expect((await listHistory(a.owner, { limit: 1 })).totalCount).toBe(before);
    const leaked = await apiCall("PATCH", "/roles/ops", {
      secret: ownerSecret,
      body: { patch: [{ op: "replace", path: "/name", value: "Ops again" }], comment: `oops ${ownerSecret}` },
    });
    expect(leaked.status).toBe(400);
    expect(leaked.text).not.toContain(ownerSecret);
    expect((await listHistory(a.owner, { limit: 1 })).totalCount).toBe(before);
  });

  it("keeps the comment of a {patch, comment} body on tokens, members and projects too", async () => {
    const token = (await list("?limit=1&spec=" + encodeURIComponent(`member/${a.reader.memberId}:token/*`))).items[0]!;
    const tokenId = (await listHistory(a.owner, { id: token._id })).items[0]!.target.id;
    const patches: [string, unknown[], string][] = [
      [`/tokens/${tokenId}`, [{ op: "replace", path: "/description", value: "nightly" }], `member/${a.reader.memberId}:token/reader script`],
      [`/members/${a.writer.memberId}`, [{ op: "replace", path: "/role", value: "reader" }], `member/${a.writer.memberId}`],
      ["/projects/alphabet", [{ op: "replace", path: "/name", value: "ABC" }], "proj/alphabet"],
    ];
    for (const [path, patch, resource] of patches) {
      const answer = await apiCall("PATCH", path, { secret: ownerSecret, body: { patch, comment: `why ${path}` } });
      expect(answer.status, answer.text).toBe(200);
      const [entry] = (await list(`?limit=1&spec=${encodeURIComponent(resource)}`)).items;
      expect(entry?.comment, path).toBe(`why ${path}`);
    }
  });
});
