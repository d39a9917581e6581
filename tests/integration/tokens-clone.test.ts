import { testDatabaseKind } from "../helpers/env";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { accessTokens } from "@/db/schema";
import { Conflict, Forbidden } from "@/lib/errors";
import { cloneAccessToken, createAccessToken } from "@/lib/tokens";
import { createTestAccount, setMemberRole, type TestAccount } from "../helpers/accounts";
import { historyOf } from "../helpers/history";
import { uniqueNames } from "../helpers/names";
import { HOUR, DAY, reader } from "../helpers/fixtures";

let a: TestAccount;
beforeAll(async () => {
  a = await createTestAccount({
    customRoles: [{ key: "ops", policy: [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }] }],
  });
});
afterAll(() => closeDatabase());

const unique = uniqueNames();
const tokenHistory = (tokenId: string) =>
  historyOf(a, tokenId, { fields: ["action", "changes", "targetName", "actorMemberId"] });

describe(`cloning (${testDatabaseKind})`, () => {
  it("copies the settings under '<name> (copy)', then '(copy 2)', with a new secret", async () => {
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const source = await createAccessToken(a.writer, {
      name: unique("ci"),
      description: "nightly",
      permission: { kind: "customRoles", customRoleIds: [a.roles["ops"]!.id] },
      defaultApiVersion: 20220603,
      expiresAt,
    });
    const first = await cloneAccessToken(a.writer, source.token.id);
    const second = await cloneAccessToken(a.writer, source.token.id);
    expect(first.token.name).toBe(`${source.token.name} (copy)`);
    expect(second.token.name).toBe(`${source.token.name} (copy 2)`);
    expect(first.secret).not.toBe(source.secret);
    expect(first.token).toMatchObject({
      memberId: a.writer.memberId,
      description: "nightly",
      permission: source.token.permission,
      serviceToken: false,
      defaultApiVersion: 20220603,
      expiresAt,
    });
    expect(await tokenHistory(first.token.id)).toEqual([
      expect.objectContaining({
        action: "tokenCloned",
        changes: expect.objectContaining({ clonedFrom: { before: null, after: { id: source.token.id, name: source.token.name } } }),
      }),
    ]);
  });

  it("takes a given name, and refuses one already in use", async () => {
    const source = await createAccessToken(a.writer, { name: unique("src"), permission: reader });
    const name = unique("my clone");
    const named = await cloneAccessToken(a.writer, source.token.id, { name: `  ${name} ` });
    expect(named.token.name).toBe(name);
    await expect(cloneAccessToken(a.writer, source.token.id, { name: source.token.name })).rejects.toBeInstanceOf(Conflict);
    await expect(cloneAccessToken(a.writer, source.token.id, { name: "" })).rejects.toMatchObject({ fieldErrors: { name: expect.any(String) } });
  });

  it("drops an expiration that has passed and shortens long names to fit", async () => {
    const long = "L".repeat(100);
    const source = await createAccessToken(a.writer, { name: long, permission: reader, expiresAt: new Date(Date.now() + HOUR) });
    const db = await database();
    await db.update(accessTokens).set({ expiresAt: new Date(Date.now() - HOUR) }).where(eq(accessTokens.id, source.token.id));
    const clone = await cloneAccessToken(a.writer, source.token.id);
    expect(clone.token.expiresAt).toBeNull();
    expect(clone.token.name).toBe(`${"L".repeat(93)} (copy)`);
    expect((await cloneAccessToken(a.writer, source.token.id)).token.name).toBe(`${"L".repeat(91)} (copy 2)`);
  });

  it("never lets anyone clone another member's personal token, admins included", async () => {
    const source = await createAccessToken(a.writer, { name: unique("theirs"), permission: reader });
    await expect(cloneAccessToken(a.admin, source.token.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(cloneAccessToken(a.owner, source.token.id)).rejects.toBeInstanceOf(Forbidden);
  });

  it("lets admins clone service tokens, within their own role", async () => {
    const svc = await createAccessToken(a.owner, { name: unique("svc"), permission: { kind: "role", role: "owner" }, serviceToken: true });
    await expect(cloneAccessToken(a.admin, svc.token.id)).rejects.toBeInstanceOf(Forbidden);
    const clone = await cloneAccessToken(a.owner, svc.token.id);
    expect(clone.token).toMatchObject({ serviceToken: true, memberId: a.owner.memberId });
    const adminSvc = await createAccessToken(a.owner, { name: unique("svc"), permission: reader, serviceToken: true });
    await expect(cloneAccessToken(a.admin, adminSvc.token.id)).resolves.toMatchObject({ token: { memberId: a.admin.memberId } });
  });

  it("re-checks the role ceiling: a demoted member cannot clone a token above their new role", async () => {
    const member = await a.addMember("admin");
    const source = await createAccessToken(member, { name: unique("mine"), permission: { kind: "role", role: "admin" } });
    await setMemberRole([member.memberId], "writer");
    await expect(cloneAccessToken(await a.actor(member.memberId), source.token.id)).rejects.toBeInstanceOf(Forbidden);
  });
});
