import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { createProject, getFlagDefaults, getProject } from "@/lib/projects";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { historyOf } from "../helpers/history";
import { uniqueNames } from "../helpers/names";

// Projects as LaunchDarkly's client uses them: environments, client-side availability,
// filter/sort/expand, every patchable field, flag defaults, and the unpaged list of old API versions.

const nextKey = uniqueNames("-");
const ENVIRONMENT_FIELDS = [
  "_id", "_links", "apiKey", "color", "confirmChanges", "critical", "defaultTrackEvents", "defaultTtl", "key", "mobileKey",
  "name", "requireComments", "secureMode", "tags",
];

let a: TestAccount;
let other: TestAccount;
let owner: string;
let reader: string;
let otherOwner: string;
const tokenOf = async (account: TestAccount, role: "owner" | "reader") =>
  (await createAccessToken(account[role], { name: `${role}-${nextKey("t")}`, permission: { kind: "role", role } })).secret;
beforeAll(async () => {
  a = await createTestAccount();
  other = await createTestAccount();
  owner = await tokenOf(a, "owner");
  reader = await tokenOf(a, "reader");
  otherOwner = await tokenOf(other, "owner");
});
afterAll(() => closeDatabase());

describe(`creating a project (${testDatabaseKind})`, () => {
  it("gives it production and test environments with every field LaunchDarkly's Environment has, and the client-side defaults", async () => {
    const key = nextKey("p");
    const answer = await apiCall("POST", "/projects", { secret: owner, body: { key, name: "Web" } });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      key,
      includeInSnippetByDefault: false,
      defaultClientSideAvailability: { usingEnvironmentId: false, usingMobileKey: true },
    });
    const environments = answer.json.environments as Record<string, unknown>[];
    expect(environments.map((e) => [e.key, e.name, e.color])).toEqual([["production", "Production", "417505"], ["test", "Test", "F5A623"]]);
    for (const e of environments) {
      expect(Object.keys(e).sort()).toEqual(ENVIRONMENT_FIELDS);
      expect(e).toMatchObject({ apiKey: "", mobileKey: "", defaultTtl: 0, secureMode: false, critical: false, tags: [] });
      expect(e._id).toMatch(/^[0-9a-f]{24}$/);
    }
  });

  it("creates the environments it is given instead, with their settings, and takes includeInSnippetByDefault", async () => {
    const key = nextKey("p");
    const body = {
      key,
      name: "Own environments",
      includeInSnippetByDefault: true,
      environments: [{ key: "staging", name: "Staging", color: "00ff00", secureMode: true, critical: true, tags: ["b", "a", "b"], defaultTtl: 5 }],
    };
    const answer = await apiCall("POST", "/projects", { secret: owner, body });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.json).toMatchObject({ includeInSnippetByDefault: true, defaultClientSideAvailability: { usingEnvironmentId: true, usingMobileKey: true } });
    expect(answer.json.environments).toEqual([
      expect.objectContaining({ key: "staging", name: "Staging", color: "00ff00", secureMode: true, critical: true, tags: ["a", "b"], defaultTtl: 5 }),
    ]);
  });

  it.each([
    ["a bad color", [{ key: "e", name: "E", color: "green" }]],
    ["two environments with one key", [{ key: "e", name: "E", color: "000000" }, { key: "e", name: "F", color: "000000" }]],
    ["no environment", []],
    ["a source to copy", [{ key: "e", name: "E", color: "000000", source: { key: "production" } }]],
  ])("refuses %s and creates nothing", async (_what, environments) => {
    const key = nextKey("p");
    const answer = await apiCall("POST", "/projects", { secret: owner, body: { key, name: "Bad", environments } });
    expect(answer.status).toBe(400);
    expect((await apiCall("GET", `/projects/${key}`, { secret: owner })).status).toBe(404);
  });

  it("records the environments and client-side availability in history", async () => {
    const project = await createProject(a.writer, { key: nextKey("p"), name: "Recorded" });
    const [entry] = await historyOf(a, project.id);
    expect(entry?.changes).toMatchObject({
      defaultClientSideAvailability: { before: null, after: { usingEnvironmentId: false, usingMobileKey: true } },
      environments: { before: null, after: [expect.objectContaining({ key: "production" }), expect.objectContaining({ key: "test" })] },
    });
  });
});

describe(`reading projects (${testDatabaseKind})`, () => {
  it("omits environments unless expand=environments, which gives them as a paginated list", async () => {
    const { key } = await createProject(a.writer, { key: nextKey("p"), name: "Expand" });
    const plain = await apiCall("GET", `/projects/${key}`, { secret: reader });
    expect(plain.json).not.toHaveProperty("environments");
    expect(plain.json.includeInSnippetByDefault).toBe(false);
    const expanded = await apiCall("GET", `/projects/${key}?expand=environments`, { secret: reader });
    expect(expanded.json.environments).toMatchObject({ totalCount: 2, items: [{ key: "production" }, { key: "test" }] });
    expect((await apiCall("GET", `/projects/${key}?expand=flags`, { secret: reader })).status).toBe(400);
  });

  it("never shows another account's project or its environments or flag defaults", async () => {
    const { key } = await createProject(other.writer, { key: nextKey("p"), name: "Theirs" });
    expect((await apiCall("GET", `/projects/${key}?expand=environments`, { secret: owner })).status).toBe(404);
    expect((await apiCall("GET", `/projects/${key}/flag-defaults`, { secret: owner })).status).toBe(404);
    expect((await apiCall("PUT", `/projects/${key}/flag-defaults`, { secret: owner, body: {} })).status).toBe(404);
    const list = await apiCall("GET", `/projects?expand=environments&filter=keys:${key}`, { secret: owner });
    expect(list.json).toMatchObject({ totalCount: 0, items: [] });
    expect((await apiCall("GET", `/projects/${key}?expand=environments`, { secret: otherOwner })).status).toBe(200);
  });
});

describe(`filtering, sorting and expanding the list (${testDatabaseKind})`, () => {
  let account: TestAccount;
  let secret: string;
  beforeAll(async () => {
    account = await createTestAccount();
    secret = await tokenOf(account, "owner");
    await createProject(account.writer, { key: "alpha", name: "Zebra web", tags: ["web", "team-a"] });
    await createProject(account.writer, { key: "beta", name: "Mobile", tags: ["mobile", "team-a"] });
    await createProject(account.writer, { key: "gamma", name: "Another web", tags: ["web"] });
  });
  const keysOf = async (query: string) => {
    const answer = await apiCall("GET", `/projects?${query}`, { secret });
    expect(answer.status, answer.text).toBe(200);
    return (answer.json.items as { key: string }[]).map((p) => p.key);
  };

  it("filters by query in name or key, any case", async () => {
    expect(await keysOf("filter=query:WEB")).toEqual(["alpha", "gamma"]);
    expect(await keysOf("filter=query:bet")).toEqual(["beta"]);
    expect(await keysOf("filter=query:%25")).toEqual([]);
  });

  it("filters by all of the tags, and by any of the keys, and combines filters", async () => {
    expect(await keysOf("filter=tags:web%2Bteam-a")).toEqual(["alpha"]);
    expect(await keysOf("filter=tags:team-a")).toEqual(["alpha", "beta"]);
    expect(await keysOf("filter=keys:gamma|beta")).toEqual(["beta", "gamma"]);
    expect(await keysOf("filter=keys:gamma|alpha,query:zebra")).toEqual(["alpha"]);
  });

  it("sorts by name or creation, either way, and refuses other fields and filters", async () => {
    expect(await keysOf("sort=name")).toEqual(["gamma", "beta", "alpha"]);
    expect(await keysOf("sort=-name")).toEqual(["alpha", "beta", "gamma"]);
    expect(await keysOf("sort=-createdOn")).toEqual(["gamma", "beta", "alpha"]);
    expect((await apiCall("GET", "/projects?sort=color", { secret })).status).toBe(400);
    expect((await apiCall("GET", "/projects?filter=color:red", { secret })).status).toBe(400);
  });

  it("keeps filter, sort and expand in the paging links, and pages to the end", async () => {
    const answer = await apiCall("GET", "/projects?filter=query:a&sort=name&expand=environments&limit=1", { secret });
    const links = answer.json._links as Record<string, { href: string }>;
    expect(links.next?.href).toContain("sort=name");
    expect(links.next?.href).toContain("expand=environments");
    expect((answer.json.items as { environments: { totalCount: number } }[])[0]?.environments.totalCount).toBe(2);
    const last = await apiCall("GET", "/projects?filter=query:a&sort=name&limit=1&offset=2", { secret });
    expect(last.json._links).not.toHaveProperty("next");
  });

  it("answers the whole list without paging before LD-API-Version 20220603, as LaunchDarkly did", async () => {
    for (let i = 0; i < 20; i++) await createProject(account.writer, { key: nextKey("many"), name: "Many" });
    const old = await apiCall("GET", "/projects?limit=1", { secret, headers: { "LD-API-Version": "20210729" } });
    expect(old.status).toBe(200);
    expect((old.json.items as unknown[]).length).toBe(23);
    expect(old.json._links).not.toHaveProperty("next");
    const current = await apiCall("GET", "/projects", { secret, headers: { "LD-API-Version": "20220603" } });
    expect((current.json.items as unknown[]).length).toBe(20);
  });
});

describe(`changing a project (${testDatabaseKind})`, () => {
  it("patches includeInSnippetByDefault and defaultClientSideAvailability as one setting, with history", async () => {
    const project = await createProject(a.writer, { key: nextKey("p"), name: "Snippet" });
    const on = await apiCall("PATCH", `/projects/${project.key}`, { secret: owner, body: [{ op: "replace", path: "/includeInSnippetByDefault", value: true }] });
    expect(on.status, on.text).toBe(200);
    expect(on.json).toMatchObject({ includeInSnippetByDefault: true, defaultClientSideAvailability: { usingEnvironmentId: true, usingMobileKey: true } });
    expect(on.json.environments).toHaveLength(2);
    const off = await apiCall("PATCH", `/projects/${project.key}`, {
      secret: owner,
      body: [{ op: "replace", path: "/defaultClientSideAvailability", value: { usingEnvironmentId: false, usingMobileKey: false } }],
    });
    expect(off.json).toMatchObject({ includeInSnippetByDefault: false, defaultClientSideAvailability: { usingEnvironmentId: false, usingMobileKey: false } });
    const history = await historyOf(a, project.id);
    expect(history.at(-1)?.changes).toEqual({
      defaultClientSideAvailability: { before: { usingEnvironmentId: true, usingMobileKey: true }, after: { usingEnvironmentId: false, usingMobileKey: false } },
    });
  });

  it("dedupes and sorts tags however they are added", async () => {
    const project = await createProject(a.writer, { key: nextKey("p"), name: "Tags", tags: ["m"] });
    const answer = await apiCall("PATCH", `/projects/${project.key}`, {
      secret: owner,
      body: [{ op: "add", path: "/tags/-", value: "a" }, { op: "add", path: "/tags/0", value: "m" }, { op: "add", path: "/tags/-", value: "z" }],
    });
    expect(answer.json.tags).toEqual(["a", "m", "z"]);
  });

  it("refuses a patch of a field LaunchDarkly does not let change, and a reader's patch", async () => {
    const project = await createProject(a.writer, { key: nextKey("p"), name: "Fixed" });
    expect((await apiCall("PATCH", `/projects/${project.key}`, { secret: owner, body: [{ op: "replace", path: "/key", value: "x" }] })).status).toBe(422);
    expect((await apiCall("PATCH", `/projects/${project.key}`, { secret: reader, body: [{ op: "replace", path: "/name", value: "x" }] })).status).toBe(403);
    expect((await getProject(a.owner, project.key)).name).toBe("Fixed");
  });
});

describe(`flag defaults (${testDatabaseKind})`, () => {
  const payload = {
    tags: ["b", "a"],
    temporary: false,
    booleanDefaults: { trueDisplayName: "On", falseDisplayName: "Off", trueDescription: "", falseDescription: "", onVariation: 0, offVariation: 1 },
    defaultClientSideAvailability: { usingEnvironmentId: true, usingMobileKey: false },
  };

  it("start from the defaults, are replaced by PUT and patched by JSON Patch or merge patch, each with history", async () => {
    const project = await createProject(a.writer, { key: nextKey("p"), name: "Defaults" });
    const initial = await apiCall("GET", `/projects/${project.key}/flag-defaults`, { secret: reader });
    expect(initial.json).toMatchObject({ key: project.key, tags: [], temporary: true, defaultClientSideAvailability: { usingEnvironmentId: false, usingMobileKey: true } });
    const put = await apiCall("PUT", `/projects/${project.key}/flag-defaults`, { secret: owner, body: payload });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ ...payload, tags: ["a", "b"] });
    // The client-side availability is the project's own.
    expect((await apiCall("GET", `/projects/${project.key}`, { secret: reader })).json.includeInSnippetByDefault).toBe(true);
    const patched = await apiCall("PATCH", `/projects/${project.key}/flag-defaults`, { secret: owner, body: [{ op: "replace", path: "/temporary", value: true }] });
    expect(patched.json.temporary).toBe(true);
    const merged = await apiCall("PATCH", `/projects/${project.key}/flag-defaults`, { secret: owner, body: { booleanDefaults: { trueDisplayName: "Yes" } } });
    expect(merged.json.booleanDefaults).toMatchObject({ trueDisplayName: "Yes", falseDisplayName: "Off" });
    expect(await getFlagDefaults(a.owner, project.key)).toMatchObject({ temporary: true, booleanDefaults: { trueDisplayName: "Yes" } });
    const history = await historyOf(a, project.id);
    expect(history.at(-1)?.changes).toEqual({ "flagDefaults.booleanDefaults": expect.objectContaining({ after: expect.objectContaining({ trueDisplayName: "Yes" }) }) });
  });

  it("refuse an incomplete PUT, a bad variation, and a reader", async () => {
    const project = await createProject(a.writer, { key: nextKey("p"), name: "Strict" });
    expect((await apiCall("PUT", `/projects/${project.key}/flag-defaults`, { secret: owner, body: { tags: [] } })).status).toBe(400);
    const badVariation = { ...payload, booleanDefaults: { ...payload.booleanDefaults, onVariation: 2 } };
    expect((await apiCall("PUT", `/projects/${project.key}/flag-defaults`, { secret: owner, body: badVariation })).status).toBe(400);
    expect((await apiCall("PUT", `/projects/${project.key}/flag-defaults`, { secret: reader, body: payload })).status).toBe(403);
    expect((await getFlagDefaults(a.owner, project.key)).temporary).toBe(true);
  });
});
