import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "@/lib/projects";
import { generateTokenSecret } from "@/lib/secrets";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { failure } from "../helpers/failure";
import { HISTORY_FIELDS, historyOf } from "../helpers/history";
import { uniqueNames } from "../helpers/names";

let a: TestAccount;
beforeAll(async () => {
  a = await createTestAccount();
});
afterAll(() => closeDatabase());

const nextKey = uniqueNames("-");
const uniqueKey = (prefix = "proj") => nextKey(prefix);
const projectHistory = (projectId: string) => historyOf(a, projectId, { fields: [...HISTORY_FIELDS, "ip"] });

describe(`creating a project (${testDatabaseKind})`, () => {
  it("stores key, name and tags and returns the project", async () => {
    const key = uniqueKey();
    const { environments, ...project } = await createProject(a.writer, { key, name: "  Mobile app  ", tags: ["team:mobile", "beta"] });
    expect(environments.map((e) => e.key)).toEqual(["production", "test"]);
    expect(project).toMatchObject({ key, name: "Mobile app", tags: ["beta", "team:mobile"] });
    expect(project.id).toMatch(/^[0-9a-f]{24}$/);
    expect(project.createdAt).toBeInstanceOf(Date);
    expect(await getProject(a.reader, key)).toEqual(project);
  });

  it("defaults to no tags and drops duplicate tags", async () => {
    expect((await createProject(a.writer, { key: uniqueKey(), name: "No tags" })).tags).toEqual([]);
    expect((await createProject(a.writer, { key: uniqueKey(), name: "Dupes", tags: ["a", "b", "a"] })).tags).toEqual(["a", "b"]);
  });

  it("records projectCreated with the actor, the key as target name and every field's value", async () => {
    const key = uniqueKey();
    const project = await createProject(a.writer, { key, name: "Recorded", tags: ["x"] });
    expect(await projectHistory(project.id)).toEqual([
      {
        action: "projectCreated",
        actorMemberId: a.writer.memberId,
        targetKind: "project",
        targetName: key,
        changes: {
          key: { before: null, after: key },
          name: { before: null, after: "Recorded" },
          tags: { before: null, after: ["x"] },
          defaultClientSideAvailability: { before: null, after: { usingEnvironmentId: false, usingMobileKey: true } },
          environments: {
            before: null,
            after: [expect.objectContaining({ key: "production", name: "Production" }), expect.objectContaining({ key: "test", name: "Test" })],
          },
        },
        ip: "203.0.113.7",
      },
    ]);
  });

  it.each([
    ["", "empty"],
    ["Upper", "upper case"],
    ["-leading-dash", "a leading dash"],
    ["has space", "a space"],
    ["proj/*", "glob and separator characters"],
    ["a".repeat(65), "65 characters"],
  ])("refuses the key %j (%s) on the key field", async (key) => {
    const error = await failure(createProject(a.writer, { key, name: "Bad key" }));
    expect(error).toBeInstanceOf(Invalid);
    expect(error.fieldErrors).toHaveProperty("key");
  });

  it("accepts keys of 1 and 64 characters with dots, dashes and underscores", async () => {
    for (const key of ["z", `${uniqueKey("k")}.a_b-c`.padEnd(64, "9")]) {
      expect((await createProject(a.writer, { key, name: "Edge" })).key).toBe(key);
    }
  });

  it("refuses bad names and tags with field errors", async () => {
    const cases: [Parameters<typeof createProject>[1], string][] = [
      [{ key: uniqueKey(), name: "   " }, "name"],
      [{ key: uniqueKey(), name: "x".repeat(101) }, "name"],
      [{ key: uniqueKey(), name: `oops ${generateTokenSecret()}` }, "name"],
      [{ key: uniqueKey(), name: "ok", tags: ["bad/tag"] }, "tags"],
      [{ key: uniqueKey(), name: "ok", tags: ["x".repeat(65)] }, "tags"],
      [{ key: uniqueKey(), name: "ok", tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, "tags"],
      [{ key: uniqueKey(), name: "ok", tags: [generateTokenSecret()] }, "tags"],
    ];
    for (const [input, field] of cases) {
      const error = await failure(createProject(a.writer, input));
      expect(error, JSON.stringify(input)).toBeInstanceOf(Invalid);
      expect(error.fieldErrors).toHaveProperty(field);
    }
  });

  it("accepts 50 tags of 64 characters, and stores them sorted", async () => {
    const tags = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(64, "t"));
    expect((await createProject(a.writer, { key: uniqueKey(), name: "Many tags", tags })).tags).toEqual([...tags].sort());
  });

  it("refuses a key already used in the account with Conflict on the key field, and writes no history", async () => {
    const key = uniqueKey();
    const first = await createProject(a.writer, { key, name: "First" });
    const error = await failure(createProject(a.admin, { key, name: "Second" }));
    expect(error).toBeInstanceOf(Conflict);
    expect(error.fieldErrors).toHaveProperty("key");
    expect(await projectHistory(first.id)).toHaveLength(1);
    expect((await getProject(a.reader, key)).name).toBe("First");
  });

  it("reports one of two concurrent creations of one key as a Conflict", async () => {
    const key = uniqueKey();
    const results = await Promise.allSettled([
      createProject(a.writer, { key, name: "One" }),
      createProject(a.admin, { key, name: "Two" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(Conflict);
  });

  it("lets the same key exist in two accounts", async () => {
    const other = await createTestAccount();
    const key = uniqueKey();
    await createProject(a.writer, { key, name: "Ours" });
    expect((await createProject(other.writer, { key, name: "Theirs" })).name).toBe("Theirs");
  });
});

describe(`reading projects (${testDatabaseKind})`, () => {
  it("lists the account's projects ordered by key in byte order, with the total", async () => {
    const b = await createTestAccount();
    for (const key of ["beta", "alpha", "a-b", "ab", "a.b", "0-first"]) await createProject(b.writer, { key, name: key });
    const all = await listProjects(b.reader, {});
    expect(all.items.map((p) => p.key)).toEqual(["0-first", "a-b", "a.b", "ab", "alpha", "beta"]);
    expect(all.totalCount).toBe(6);
  });

  it("pages with limit and offset, 20 by default", async () => {
    const b = await createTestAccount();
    for (let i = 0; i < 23; i++) await createProject(b.writer, { key: `p${String(i).padStart(2, "0")}`, name: `P ${i}` });
    const first = await listProjects(b.reader);
    expect(first.items).toHaveLength(20);
    expect(first.totalCount).toBe(23);
    const page = await listProjects(b.reader, { limit: 5, offset: 20 });
    expect(page.items.map((p) => p.key)).toEqual(["p20", "p21", "p22"]);
    expect(page.totalCount).toBe(23);
  });

  it("refuses limits outside 1 to 1000 and a negative offset", async () => {
    for (const query of [{ limit: 0 }, { limit: 1001 }, { limit: 1.5 }, { offset: -1 }]) {
      expect(await failure(listProjects(a.reader, query))).toBeInstanceOf(Invalid);
    }
    expect((await listProjects(a.reader, { limit: 1000 })).items.length).toBeGreaterThan(0);
  });

  it("answers NotFound for unknown keys and for keys that cannot exist", async () => {
    expect(await failure(getProject(a.reader, "no-such-project"))).toBeInstanceOf(NotFound);
    expect(await failure(getProject(a.reader, "../Etc"))).toBeInstanceOf(NotFound);
  });
});

describe(`keeping accounts apart (${testDatabaseKind})`, () => {
  it("hides another account's project: NotFound to read, change or delete, and absent from lists", async () => {
    const other = await createTestAccount();
    const key = uniqueKey("theirs");
    await createProject(other.writer, { key, name: "Theirs" });
    expect(await failure(getProject(a.owner, key))).toBeInstanceOf(NotFound);
    expect(await failure(updateProject(a.owner, key, { name: "Hijacked" }))).toBeInstanceOf(NotFound);
    expect(await failure(deleteProject(a.owner, key))).toBeInstanceOf(NotFound);
    expect((await listProjects(a.owner, { limit: 1000 })).items.map((p) => p.key)).not.toContain(key);
    expect((await getProject(other.reader, key)).name).toBe("Theirs");
  });
});

describe(`updating a project (${testDatabaseKind})`, () => {
  it("changes the given fields and records before and after of exactly those", async () => {
    const key = uniqueKey();
    const project = await createProject(a.writer, { key, name: "Old", tags: ["keep"] });
    const updated = await updateProject(a.writer, key, { name: "New", tags: ["keep"] });
    expect(updated).toMatchObject({ id: project.id, key, name: "New", tags: ["keep"] });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(project.updatedAt.getTime());
    const [, entry] = await projectHistory(project.id);
    expect(entry).toEqual({
      action: "projectUpdated",
      actorMemberId: a.writer.memberId,
      targetKind: "project",
      targetName: key,
      changes: { name: { before: "Old", after: "New" } },
      ip: "203.0.113.7",
    });
  });

  it("records tag changes as whole lists", async () => {
    const key = uniqueKey();
    const project = await createProject(a.writer, { key, name: "Tags", tags: ["a"] });
    expect((await updateProject(a.writer, key, { tags: ["a", "b"] })).tags).toEqual(["a", "b"]);
    expect((await projectHistory(project.id))[1]?.changes).toEqual({ tags: { before: ["a"], after: ["a", "b"] } });
  });

  it("writes nothing, not even history, when nothing changes", async () => {
    const key = uniqueKey();
    const project = await createProject(a.writer, { key, name: "Same", tags: ["t"] });
    const same = await updateProject(a.writer, key, { name: " Same ", tags: ["t"] });
    expect(same).toEqual(project);
    expect(await updateProject(a.writer, key, {})).toEqual(project);
    expect(await projectHistory(project.id)).toHaveLength(1);
  });

  it("validates like creation and answers NotFound for an unknown key", async () => {
    const key = uniqueKey();
    await createProject(a.writer, { key, name: "Valid" });
    expect((await failure(updateProject(a.writer, key, { name: "" }))).fieldErrors).toHaveProperty("name");
    expect((await failure(updateProject(a.writer, key, { tags: ["no/slash"] }))).fieldErrors).toHaveProperty("tags");
    expect(await failure(updateProject(a.writer, "never-created", { name: "X" }))).toBeInstanceOf(NotFound);
  });
});

describe(`deleting a project (${testDatabaseKind})`, () => {
  it("removes it and records what it was", async () => {
    const key = uniqueKey();
    const project = await createProject(a.writer, { key, name: "Doomed", tags: ["t"] });
    await deleteProject(a.admin, key);
    expect(await failure(getProject(a.admin, key))).toBeInstanceOf(NotFound);
    const [, entry] = await projectHistory(project.id);
    expect(entry).toEqual({
      action: "projectDeleted",
      actorMemberId: a.admin.memberId,
      targetKind: "project",
      targetName: key,
      changes: {
        name: { before: "Doomed", after: null },
        tags: { before: ["t"], after: null },
        environments: { before: ["production", "test"], after: null },
      },
      ip: "203.0.113.7",
    });
  });

  it("answers NotFound for an unknown or already deleted key", async () => {
    const key = uniqueKey();
    await createProject(a.writer, { key, name: "Once" });
    await deleteProject(a.owner, key);
    expect(await failure(deleteProject(a.owner, key))).toBeInstanceOf(NotFound);
  });

  it("frees the key for a new project", async () => {
    const key = uniqueKey();
    const first = await createProject(a.writer, { key, name: "First" });
    await deleteProject(a.admin, key);
    const second = await createProject(a.writer, { key, name: "Second" });
    expect(second.id).not.toBe(first.id);
  });
});
