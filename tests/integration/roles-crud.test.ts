import { testDatabaseKind } from "../helpers/env";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { customRoles } from "@/db/schema";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { createRole, deleteRole, getRole, listRoles, updateRole } from "@/lib/roles";
import { createTestAccount, twoTestAccounts, type TestAccount  } from "../helpers/accounts";
import { failure } from "../helpers/failure";
import { historyOf } from "../helpers/history";
import { uniqueNames } from "../helpers/names";

const editor = [{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }];
const auditor = [{ effect: "deny", actions: ["*"], resources: ["*"] }];

let a: TestAccount;
let other: TestAccount;
beforeAll(async () => {
  [a, other] = await twoTestAccounts();
});
afterAll(() => closeDatabase());

const nextKey = uniqueNames("-");
const uniqueKey = (prefix = "role") => nextKey(prefix);
const roleHistory = (account: TestAccount, roleId: string) => historyOf(account, roleId, { targetKind: "role" });

describe(`creating roles (${testDatabaseKind})`, () => {
  it("creates a role with its policy and writes one roleCreated entry", async () => {
    const key = uniqueKey();
    const role = await createRole(a.admin, { key, name: " Project editor ", description: "Edits projects", policy: editor });
    expect(role).toMatchObject({ key, name: "Project editor", description: "Edits projects", policy: editor, memberCount: 0, tokenCount: 0 });
    expect(role.createdAt).toBeInstanceOf(Date);
    expect(await getRole(a.reader, key)).toEqual(role);
    expect(await roleHistory(a, role.id)).toEqual([
      {
        action: "roleCreated",
        targetKind: "role",
        targetName: key,
        actorMemberId: a.admin.memberId,
        changes: {
          key: { before: null, after: key },
          name: { before: null, after: "Project editor" },
          description: { before: null, after: "Edits projects" },
          policy: { before: null, after: editor },
          basePermissions: { before: null, after: "reader" },
        },
      },
    ]);
  });

  it("points at the exact problem in an invalid policy", async () => {
    const error = await failure(
      createRole(a.admin, {
        key: uniqueKey(),
        name: "Broken",
        policy: [editor[0], { effect: "alow", actions: ["createProjct"], resources: ["proj/*"] }],
      }),
    );
    expect(error).toBeInstanceOf(Invalid);
    const policyError = (error as Invalid).fieldErrors?.policy ?? "";
    expect(policyError).toContain('"effect" in statement 2 must be "allow" or "deny"');
    expect(policyError).toContain('Unknown action "createProjct" in statement 2; did you mean "createProject"?');
    for (const policy of [undefined, [], {}, "[]", [{ effect: "allow", actions: ["*"], resources: ["everything"] }]]) {
      expect(await failure(createRole(a.admin, { key: uniqueKey(), name: "Broken", policy }))).toMatchObject({
        kind: "invalid",
        fieldErrors: { policy: expect.any(String) },
      });
    }
  });

  it("reports field and policy problems together", async () => {
    const error = await failure(createRole(a.admin, { key: "Bad Key", name: "", policy: "nope" }));
    expect(error).toMatchObject({ kind: "invalid", fieldErrors: { key: expect.any(String), name: "Enter a name", policy: expect.stringContaining("array") } });
  });

  it("accepts only lower-case keys of letters, digits, '.', '_' and '-', up to 64 characters", async () => {
    for (const key of ["a", "0", "a.b_c-d", "x".repeat(64)]) {
      await expect(createRole(a.admin, { key, name: key, policy: editor })).resolves.toMatchObject({ key });
    }
    for (const key of ["", "Upper", "-lead", ".lead", "has space", "star*", "sl/ash", "x".repeat(65), "ünï"]) {
      expect(await failure(createRole(a.admin, { key, name: "x", policy: editor }))).toMatchObject({ kind: "invalid", fieldErrors: { key: expect.any(String) } });
    }
  });

  it("limits the name to 1–100 characters and the description to 1000", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{ name: "ok", description: "x".repeat(1001) }, "description"],
    ];
    for (const [fields, field] of cases) {
      const input = { key: uniqueKey(), name: "ok", policy: editor, ...fields };
      expect(await failure(createRole(a.admin, input as never))).toMatchObject({ kind: "invalid", fieldErrors: { [field]: expect.any(String) } });
    }
    await expect(createRole(a.admin, { key: uniqueKey(), name: "x".repeat(100), description: "d".repeat(1000), policy: editor })).resolves.toBeDefined();
  });

  it("refuses a key already used in the account, but not one used in another account", async () => {
    const key = uniqueKey();
    await createRole(a.admin, { key, name: "First", policy: editor });
    const error = await failure(createRole(a.owner, { key, name: "Second", policy: auditor }));
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ fieldErrors: { key: "A role with this key already exists" } });
    expect((await getRole(a.admin, key)).name).toBe("First");
    await expect(createRole(other.admin, { key, name: "Elsewhere", policy: editor })).resolves.toMatchObject({ key });
  });

  it("lets exactly one of two simultaneous creations of one key through", async () => {
    const key = uniqueKey();
    const results = await Promise.allSettled([
      createRole(a.admin, { key, name: "One", policy: editor }),
      createRole(a.owner, { key, name: "Two", policy: editor }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []))[0]).toBeInstanceOf(Conflict);
  });

  it("forbids readers and writers to create roles", async () => {
    for (const actor of [a.reader, a.writer]) {
      expect(await failure(createRole(actor, { key: uniqueKey(), name: "Nope", policy: editor }))).toBeInstanceOf(Forbidden);
    }
  });
});

describe(`listing and reading roles (${testDatabaseKind})`, () => {
  it("lists the account's roles by key to every member, and no other account's", async () => {
    const b = await createTestAccount();
    await createRole(b.admin, { key: "zeta", name: "Z", policy: editor });
    await createRole(b.admin, { key: "alpha", name: "A", policy: auditor });
    await createRole(b.admin, { key: "alpha-2", name: "A2", policy: auditor });
    await createRole(other.admin, { key: uniqueKey("foreign"), name: "F", policy: editor });
    expect((await listRoles(b.reader)).map((r) => r.key)).toEqual(["alpha", "alpha-2", "zeta"]);
  });

  it("answers NotFound for another account's role, an unknown key and a malformed one", async () => {
    const key = uniqueKey();
    await createRole(other.admin, { key, name: "Theirs", policy: editor });
    for (const k of [key, "no-such-role", "Not A Key", "*"]) {
      expect(await failure(getRole(a.admin, k))).toBeInstanceOf(NotFound);
      expect(await failure(updateRole(a.admin, k, { name: "Mine now" }))).toBeInstanceOf(NotFound);
      expect(await failure(deleteRole(a.admin, k))).toBeInstanceOf(NotFound);
    }
    expect((await getRole(other.admin, key)).name).toBe("Theirs");
  });
});

describe(`updating roles (${testDatabaseKind})`, () => {
  it("changes the given fields and records before and after of exactly those", async () => {
    const key = uniqueKey();
    const role = await createRole(a.admin, { key, name: "Old", description: "Same", policy: editor });
    const updated = await updateRole(a.owner, key, { name: "New", description: "Same", policy: auditor });
    expect(updated).toMatchObject({ key, name: "New", description: "Same", policy: auditor });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(role.updatedAt.getTime());
    const [, entry] = await roleHistory(a, role.id);
    expect(entry).toEqual({
      action: "roleUpdated",
      targetKind: "role",
      targetName: key,
      actorMemberId: a.owner.memberId,
      changes: { name: { before: "Old", after: "New" }, policy: { before: editor, after: auditor } },
    });
  });

  it("compares policies by structure, so the same policy spelled differently is no change", async () => {
    const key = uniqueKey();
    const role = await createRole(a.admin, { key, name: "Stable", policy: editor });
    const respelled = [{ resources: ["proj/*"], actions: ["createProject", "updateProject"], effect: "allow" }];
    await updateRole(a.admin, key, { policy: respelled, name: "Stable" });
    expect((await roleHistory(a, role.id)).map((e) => e.action)).toEqual(["roleCreated"]);
  });

  it("refuses an invalid policy with a precise message and changes nothing", async () => {
    const key = uniqueKey();
    await createRole(a.admin, { key, name: "Kept", policy: editor });
    const error = await failure(updateRole(a.admin, key, { policy: [{ effect: "allow", actions: ["*"] }] }));
    expect(error).toMatchObject({ kind: "invalid", fieldErrors: { policy: 'Statement 1 needs either "resources" or "notResources"' } });
    expect((await getRole(a.admin, key)).policy).toEqual(editor);
  });

  it("forbids writers, and allows a custom role scoped to some role keys only for those", async () => {
    const b = await createTestAccount({
      customRoles: [{ key: "team-roles", policy: [{ effect: "allow", actions: ["updateRole"], resources: ["role/team-*"] }] }],
    });
    const lead = await b.addMember("writer", ["team-roles"]);
    await createRole(b.admin, { key: "team-a", name: "Team A", policy: editor });
    await createRole(b.admin, { key: "ops", name: "Ops", policy: editor });
    expect(await failure(updateRole(b.writer, "team-a", { name: "Mine" }))).toBeInstanceOf(Forbidden);
    expect((await updateRole(lead, "team-a", { name: "Team A!" })).name).toBe("Team A!");
    expect(await failure(updateRole(lead, "ops", { name: "Mine" }))).toBeInstanceOf(Forbidden);
    expect(await failure(deleteRole(lead, "team-a"))).toBeInstanceOf(Forbidden);
  });

  it("keeps a role's stored row scoped: an update never touches another account's role of the same key", async () => {
    const key = uniqueKey();
    await createRole(a.admin, { key, name: "Ours", policy: editor });
    await createRole(other.admin, { key, name: "Theirs", policy: editor });
    await updateRole(a.admin, key, { name: "Ours, renamed" });
    const db = await database();
    const rows = await db
      .select({ name: customRoles.name })
      .from(customRoles)
      .where(and(eq(customRoles.key, key), inArray(customRoles.accountId, [a.accountId, other.accountId])));
    expect(rows.map((r) => r.name).sort()).toEqual(["Ours, renamed", "Theirs"]);
  });
});
