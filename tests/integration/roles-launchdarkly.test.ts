import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { createRole, getRole } from "@/lib/roles";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { historyOf } from "../helpers/history";
import { uniqueNames } from "../helpers/names";

// Custom roles as LaunchDarkly's client uses them: found by key or id, paged, with
// basePermissions, and changed with any of LaunchDarkly's update forms.

const policy = [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }];
const nextKey = uniqueNames("-");

let a: TestAccount;
let other: TestAccount;
let owner: string;
let reader: string;
let otherOwner: string;
beforeAll(async () => {
  a = await createTestAccount();
  other = await createTestAccount();
  owner = (await createAccessToken(a.owner, { name: "owner", permission: { kind: "role", role: "owner" } })).secret;
  reader = (await createAccessToken(a.reader, { name: "reader", permission: { kind: "role", role: "reader" } })).secret;
  otherOwner = (await createAccessToken(other.owner, { name: "owner", permission: { kind: "role", role: "owner" } })).secret;
});
afterAll(() => closeDatabase());

const newRole = (account = a) => createRole(account.owner, { key: nextKey("role"), name: "Role", policy });

describe(`a custom role by key or id (${testDatabaseKind})`, () => {
  it("reads, changes and deletes a role named by its _id as by its key", async () => {
    const role = await newRole();
    const byId = await apiCall("GET", `/roles/${role.id}`, { secret: reader });
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({ _id: role.id, key: role.key });
    const patched = await apiCall("PATCH", `/roles/${role.id}`, { secret: owner, body: [{ op: "replace", path: "/name", value: "Renamed" }] });
    expect(patched.json).toMatchObject({ _id: role.id, name: "Renamed" });
    expect((await apiCall("DELETE", `/roles/${role.id}`, { secret: owner })).status).toBe(204);
    expect((await apiCall("GET", `/roles/${role.key}`, { secret: owner })).status).toBe(404);
  });

  it("never reaches another account's role by its _id: 404 to read, change or delete, and it stays", async () => {
    const theirs = await newRole(other);
    expect((await apiCall("GET", `/roles/${theirs.id}`, { secret: owner })).status).toBe(404);
    expect((await apiCall("PATCH", `/roles/${theirs.id}`, { secret: owner, body: { name: "Taken" } })).status).toBe(404);
    expect((await apiCall("DELETE", `/roles/${theirs.id}`, { secret: owner })).status).toBe(404);
    expect((await getRole(other.owner, theirs.key)).name).toBe("Role");
    expect((await apiCall("GET", `/roles/${theirs.id}`, { secret: otherOwner })).status).toBe(200);
  });

  it("refuses a new key of 24 hexadecimal digits, the shape of an id, so a key never shadows an id", async () => {
    const role = await newRole();
    const answer = await apiCall("POST", "/roles", { secret: owner, body: { key: role.id.replace(/^./, "0"), name: "Shadow", policy } });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/shape of a role id/);
  });
});

describe(`the role list's paging (${testDatabaseKind})`, () => {
  it("honours limit and offset, and an offset pager following next ends with every role once", async () => {
    const account = await createTestAccount();
    const secret = (await createAccessToken(account.owner, { name: "pager", permission: { kind: "role", role: "owner" } })).secret;
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push((await newRole(account)).key);
    const first = await apiCall("GET", "/roles?limit=2", { secret });
    expect(first.json.totalCount).toBe(5);
    expect((first.json.items as unknown[]).length).toBe(2);
    const seen: string[] = [];
    let href: string | undefined = "/api/v2/roles?limit=2&offset=0";
    for (let pages = 0; href && pages < 10; pages++) {
      const page = await apiCall("GET", href.replace("/api/v2", ""), { secret });
      seen.push(...(page.json.items as { key: string }[]).map((r) => r.key));
      href = (page.json._links as { next?: { href: string } }).next?.href;
    }
    expect(href).toBeUndefined();
    expect(seen).toEqual([...keys].sort());
  });

  it("answers 20 roles by default and refuses a limit out of range", async () => {
    const account = await createTestAccount();
    const secret = (await createAccessToken(account.owner, { name: "pager", permission: { kind: "role", role: "owner" } })).secret;
    for (let i = 0; i < 21; i++) await newRole(account);
    expect(((await apiCall("GET", "/roles", { secret })).json.items as unknown[]).length).toBe(20);
    expect((await apiCall("GET", "/roles?limit=0", { secret })).status).toBe(400);
    expect((await apiCall("GET", "/roles?offset=-1", { secret })).status).toBe(400);
  });
});

describe(`basePermissions (${testDatabaseKind})`, () => {
  it("is reader when not given, stores no_access, and changes with history", async () => {
    const plain = await apiCall("POST", "/roles", { secret: owner, body: { key: nextKey("bp"), name: "Plain", policy } });
    expect(plain.json.basePermissions).toBe("reader");
    const key = nextKey("bp");
    const created = await apiCall("POST", "/roles", { secret: owner, body: { key, name: "None", policy, basePermissions: "no_access" } });
    expect(created.status).toBe(201);
    expect(created.json.basePermissions).toBe("no_access");
    expect((await apiCall("GET", `/roles/${key}`, { secret: reader })).json.basePermissions).toBe("no_access");
    const changed = await apiCall("PATCH", `/roles/${key}`, { secret: owner, body: [{ op: "replace", path: "/basePermissions", value: "reader" }] });
    expect(changed.json.basePermissions).toBe("reader");
    const history = await historyOf(a, created.json._id as string, { targetKind: "role" });
    expect(history.at(-1)?.changes).toEqual({ basePermissions: { before: "no_access", after: "reader" } });
  });

  it("refuses anything but reader and no_access", async () => {
    const answer = await apiCall("POST", "/roles", { secret: owner, body: { key: nextKey("bp"), name: "Bad", policy, basePermissions: "admin" } });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/reader, no_access/);
  });
});

describe(`LaunchDarkly's update forms on a role (${testDatabaseKind})`, () => {
  it.each([
    ["a JSON Patch array", [{ op: "replace", path: "/description", value: "Changed" }]],
    ["{patch, comment}", { patch: [{ op: "replace", path: "/description", value: "Changed" }], comment: "why" }],
    ["a JSON Merge Patch", { description: "Changed" }],
    ["{merge, comment}", { merge: { description: "Changed" }, comment: "why" }],
  ])("applies %s", async (_form, body) => {
    const role = await newRole();
    const answer = await apiCall("PATCH", `/roles/${role.key}`, { secret: owner, body });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.description).toBe("Changed");
    expect((await getRole(a.owner, role.key)).description).toBe("Changed");
  });

  it("merges the policy as a whole and basePermissions by name", async () => {
    const role = await newRole();
    const replaced = [{ effect: "deny", actions: ["*"], resources: ["proj/secret"] }];
    const answer = await apiCall("PATCH", `/roles/${role.key}`, { secret: owner, body: { policy: replaced, basePermissions: "no_access" } });
    expect(answer.json).toMatchObject({ policy: replaced, basePermissions: "no_access", name: "Role" });
  });

  it("refuses a merge patch of a field that cannot change, or removing the name, and changes nothing", async () => {
    const role = await newRole();
    for (const body of [{ key: "renamed" }, { name: null }, { merge: { _id: "x" } }, { merge: "text" }]) {
      const answer = await apiCall("PATCH", `/roles/${role.key}`, { secret: owner, body });
      expect([400, 422], JSON.stringify(body)).toContain(answer.status);
    }
    expect(await getRole(a.owner, role.key)).toMatchObject({ key: role.key, name: "Role" });
  });

  it("removing the description by merge patch leaves it empty", async () => {
    const role = await createRole(a.owner, { key: nextKey("role"), name: "Role", description: "Had one", policy });
    const answer = await apiCall("PATCH", `/roles/${role.key}`, { secret: owner, body: { description: null } });
    expect(answer.json.description).toBe("");
  });

  it("refuses a reader's merge patch with 403 and changes nothing", async () => {
    const role = await newRole();
    expect((await apiCall("PATCH", `/roles/${role.id}`, { secret: reader, body: { name: "Mine" } })).status).toBe(403);
    expect((await getRole(a.owner, role.key)).name).toBe("Role");
  });
});
