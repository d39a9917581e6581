import { testDatabaseKind } from "../helpers/env";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "@/lib/projects";
import { type Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { failure } from "../helpers/failure";
import { uniqueNames } from "../helpers/names";
import { actorOfSecret, tokenActor } from "../helpers/token-actor";
import { createAccessToken } from "@/lib/tokens";

let a: TestAccount;
beforeAll(async () => {
  a = await createTestAccount({
    customRoles: [
      { key: "project-editor", policy: [{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }] },
      // Writers with this role keep their projects, except the production ones.
      { key: "no-prod", policy: [{ effect: "deny", actions: ["*"], resources: ["proj/prod-*"] }] },
      { key: "project-deleter", policy: [{ effect: "allow", actions: ["deleteProject"], resources: ["proj/sandbox-*"] }] },
    ],
  });
});
afterAll(() => closeDatabase());

const nextKey = uniqueNames("-");
const uniqueKey = (prefix = "perm") => nextKey(prefix);
const tokenActorFor = (owner: Actor, role: "reader" | "writer" | "admin", serviceToken = false) =>
  tokenActor(owner, role, { serviceToken, ip: "198.51.100.1", name: uniqueKey("t") });

async function entriesAbout(projectKey: string) {
  const db = await database();
  return db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, a.accountId), eq(auditLog.targetKind, "project"), eq(auditLog.targetName, projectKey)));
}

describe(`built-in roles and projects (${testDatabaseKind})`, () => {
  it("lets every member read projects", async () => {
    const key = uniqueKey();
    await createProject(a.writer, { key, name: "Readable" });
    for (const member of [a.reader, a.writer, a.admin, a.owner]) {
      expect((await getProject(member, key)).key).toBe(key);
      expect((await listProjects(member, { limit: 1000 })).items.some((p) => p.key === key)).toBe(true);
    }
  });

  it("forbids a reader to create, update or delete a project, and records nothing", async () => {
    const key = uniqueKey();
    expect(await failure(createProject(a.reader, { key, name: "Nope" }))).toBeInstanceOf(Forbidden);
    await createProject(a.writer, { key, name: "Existing" });
    expect(await failure(updateProject(a.reader, key, { name: "Nope" }))).toBeInstanceOf(Forbidden);
    expect(await failure(deleteProject(a.reader, key))).toBeInstanceOf(Forbidden);
    expect((await getProject(a.reader, key)).name).toBe("Existing");
    expect((await entriesAbout(key)).map((e) => e.action)).toEqual(["projectCreated"]);
  });

  it("lets a writer create and update a project but not delete it", async () => {
    const key = uniqueKey();
    await createProject(a.writer, { key, name: "Writer's" });
    expect((await updateProject(a.writer, key, { name: "Renamed" })).name).toBe("Renamed");
    expect(await failure(deleteProject(a.writer, key))).toBeInstanceOf(Forbidden);
    expect((await getProject(a.writer, key)).name).toBe("Renamed");
  });

  it("lets admins and owners delete projects", async () => {
    for (const member of [a.admin, a.owner]) {
      const key = uniqueKey();
      await createProject(a.writer, { key, name: "To delete" });
      await deleteProject(member, key);
      expect(await failure(getProject(member, key))).toBeInstanceOf(NotFound);
    }
  });

  it("answers NotFound rather than Forbidden for a key that does not exist, even to a reader", async () => {
    expect(await failure(updateProject(a.reader, "missing-project", { name: "X" }))).toBeInstanceOf(NotFound);
    expect(await failure(deleteProject(a.writer, "missing-project"))).toBeInstanceOf(NotFound);
  });
});

describe(`custom roles and projects (${testDatabaseKind})`, () => {
  it("lets a reader with a project-editor role create and update projects, but not delete them", async () => {
    const editor = await a.addMember("reader", ["project-editor"]);
    const key = uniqueKey();
    await createProject(editor, { key, name: "By an editor" });
    expect((await updateProject(editor, key, { tags: ["edited"] })).tags).toEqual(["edited"]);
    expect(await failure(deleteProject(editor, key))).toBeInstanceOf(Forbidden);
  });

  it("lets a deny on some keys beat the writer role's allow", async () => {
    const writer = await a.addMember("writer", ["no-prod"]);
    expect(await failure(createProject(writer, { key: uniqueKey("prod"), name: "Prod" }))).toBeInstanceOf(Forbidden);
    const prod = uniqueKey("prod");
    await createProject(a.admin, { key: prod, name: "Prod" });
    expect(await failure(updateProject(writer, prod, { name: "Changed" }))).toBeInstanceOf(Forbidden);
    expect((await createProject(writer, { key: uniqueKey("dev"), name: "Dev" })).name).toBe("Dev");
  });

  it("checks the resource proj/<key>, so a role scoped to some keys allows only those", async () => {
    const deleter = await a.addMember("writer", ["project-deleter"]);
    const sandbox = uniqueKey("sandbox");
    const other = uniqueKey("main");
    await createProject(deleter, { key: sandbox, name: "Sandbox" });
    await createProject(deleter, { key: other, name: "Main" });
    await deleteProject(deleter, sandbox);
    expect(await failure(deleteProject(deleter, other))).toBeInstanceOf(Forbidden);
  });
});

describe(`tokens and projects (${testDatabaseKind})`, () => {
  it("limits a personal token to what both it and its member may do", async () => {
    const readerToken = await tokenActorFor(a.writer, "reader");
    expect(await failure(createProject(readerToken, { key: uniqueKey(), name: "Via reader token" }))).toBeInstanceOf(Forbidden);
    const writerToken = await tokenActorFor(a.writer, "writer");
    const key = uniqueKey();
    await createProject(writerToken, { key, name: "Via writer token" });
    // The token's own role caps it too: an admin's writer token cannot delete.
    const adminsWriterToken = await tokenActorFor(a.admin, "writer");
    expect(await failure(deleteProject(adminsWriterToken, key))).toBeInstanceOf(Forbidden);
  });

  it("records the token as the actor, under its member", async () => {
    const token = await tokenActorFor(a.writer, "writer");
    const key = uniqueKey();
    const project = await createProject(token, { key, name: "Token made" });
    const db = await database();
    const [entry] = await db
      .select({ actorKind: auditLog.actorKind, actorMemberId: auditLog.actorMemberId, actorTokenId: auditLog.actorTokenId, ip: auditLog.ip })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, a.accountId), eq(auditLog.targetId, project.id)));
    expect(entry).toEqual({ actorKind: "token", actorMemberId: a.writer.memberId, actorTokenId: token.token?.id, ip: "198.51.100.1" });
  });

  it("lets an admin's admin service token delete projects", async () => {
    const service = await tokenActorFor(a.admin, "admin", true);
    const key = uniqueKey();
    await createProject(service, { key, name: "Service made" });
    await deleteProject(service, key);
    expect(await failure(getProject(a.reader, key))).toBeInstanceOf(NotFound);
  });

  it("decides a project write by the project's tags, so proj/*;tag allows only the tagged projects", async () => {
    const tagged = uniqueKey("tagged");
    const plain = uniqueKey("plain");
    await createProject(a.admin, { key: tagged, name: "Tagged", tags: ["mobile"] });
    await createProject(a.admin, { key: plain, name: "Plain" });
    const policy = [{ effect: "allow" as const, actions: ["*"], resources: ["proj/*;mobile"] }];
    const { secret } = await createAccessToken(a.admin, { name: uniqueKey("t"), serviceToken: true, permission: { kind: "inline", policy } });
    const scoped = await actorOfSecret(secret);
    expect((await updateProject(scoped, tagged, { name: "Renamed by tag" })).name).toBe("Renamed by tag");
    expect(await failure(updateProject(scoped, plain, { name: "Not mine" }))).toBeInstanceOf(Forbidden);
    expect(await failure(deleteProject(scoped, plain))).toBeInstanceOf(Forbidden);
    expect(await failure(createProject(scoped, { key: uniqueKey("untagged"), name: "Untagged" }))).toBeInstanceOf(Forbidden);
    const created = await createProject(scoped, { key: uniqueKey("new-mobile"), name: "New", tags: ["mobile"] });
    await deleteProject(scoped, created.key);
    await deleteProject(scoped, tagged);
  });
});
