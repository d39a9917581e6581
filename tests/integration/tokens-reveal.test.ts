import { testDatabaseKind } from "../helpers/env";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { auditLog, tokenSecrets } from "@/db/schema";
import { createApiApp } from "@/lib/api";
import { Forbidden } from "@/lib/errors";
import { cloneAccessToken, createAccessToken, getVisibleToken, resetAccessToken, tokenAbilities, type TokenPermission } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { createTestAccount, setMemberRole, type TestAccount } from "../helpers/accounts";
import { uniqueNames } from "../helpers/names";

// Reset, like create and clone, reveals a secret: it may only hand the caller a token they could
// have created themselves. These are the two ways an earlier version let someone take over a
// stronger token with a reset, through the domain and through the REST API.

const DAY = 86_400_000;
const role = (r: "reader" | "admin" | "owner"): TokenPermission => ({ kind: "role", role: r });
const api = createApiApp();

let a: TestAccount;
let keeper: Actor;
beforeAll(async () => {
  a = await createTestAccount({
    customRoles: [{ key: "service-token-keeper", policy: [{ effect: "allow", actions: ["resetAccessToken"], resources: ["service-token/*"] }] }],
  });
  keeper = await a.addMember("reader", ["service-token-keeper"]);
});
afterAll(() => closeDatabase());

const unique = uniqueNames();

function call(secret: string, method: string, path: string, body?: unknown) {
  return api.request(`/api/v2${path}`, {
    method,
    headers: { Authorization: secret, "Content-Type": "application/json", "x-tollgate-client-ip": "198.51.100.9" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Everything a reset would change: the token's secrets, its row and its history. */
async function stateOf(actor: Actor, tokenId: string) {
  const db = await database();
  const secrets = await db.select({ hash: tokenSecrets.hash, expiresAt: tokenSecrets.expiresAt }).from(tokenSecrets).where(eq(tokenSecrets.tokenId, tokenId));
  const history = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, a.accountId), eq(auditLog.targetId, tokenId)))
    .orderBy(asc(auditLog.seq));
  const { updatedAt, ending } = await getVisibleToken(actor, tokenId);
  return { secrets, history: history.map((h) => h.action), updatedAt, ending };
}

describe(`resetting someone else's stronger token (${testDatabaseKind})`, () => {
  it("refuses an admin resetting the owner's Owner-role personal token, so the admin cannot promote themselves with it", async () => {
    const ownersToken = await createAccessToken(a.owner, { name: unique("owner laptop"), permission: role("owner") });
    const admins = await createAccessToken(a.admin, { name: unique("admin cli"), permission: role("admin") });
    const before = await stateOf(a.owner, ownersToken.token.id);

    const inAWeek = Date.now() + 7 * DAY;
    const response = await call(admins.secret, "POST", `/tokens/${ownersToken.token.id}/reset?expiry=${inAWeek}`);
    expect(response.status, "the API refuses the reset").toBe(403);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: "forbidden" });
    expect(JSON.stringify(body)).not.toMatch(/api-[0-9A-Za-z]{36}/);
    await expect(resetAccessToken(a.admin, ownersToken.token.id, { oldSecretExpiresAt: new Date(inAWeek) })).rejects.toBeInstanceOf(Forbidden);

    expect(await stateOf(a.owner, ownersToken.token.id), "nothing changed, and no history entry").toEqual(before);
    expect(before.history).toEqual(["tokenCreated"]);
    // The step the reset would have enabled: the admin is still an admin.
    expect((await a.actor(a.admin.memberId)).memberRole).toBe("admin");
    expect((await call(ownersToken.secret, "GET", "/members/me")).status, "the owner's secret still works").toBe(200);
  });

  it("refuses a reader whose custom role allows resetting service tokens when the service token is an Admin one", async () => {
    const service = await createAccessToken(a.owner, { name: unique("deploy"), permission: role("admin"), serviceToken: true });
    const before = await stateOf(a.owner, service.token.id);
    await expect(resetAccessToken(keeper, service.token.id)).rejects.toBeInstanceOf(Forbidden);

    // Through the API, with a personal token carrying the same custom role.
    const keepersToken = await createAccessToken(keeper, {
      name: unique("keeper cli"),
      permission: { kind: "customRoles", customRoleIds: [a.roles["service-token-keeper"]!.id] },
    });
    const response = await call(keepersToken.secret, "POST", `/tokens/${service.token.id}/reset`);
    expect(response.status, "the API refuses the reset").toBe(403);
    expect(await stateOf(a.owner, service.token.id), "nothing changed, and no history entry").toEqual(before);
    expect(tokenAbilities(keeper, await getVisibleToken(keeper, service.token.id)).reset, "the row menu offers no Reset").toBe(false);
  });

  it("offers an admin Delete but not Reset on another member's token", async () => {
    const ownersToken = await createAccessToken(a.owner, { name: unique("owner phone"), permission: role("reader") });
    expect(tokenAbilities(a.admin, await getVisibleToken(a.admin, ownersToken.token.id))).toEqual({
      clone: false,
      edit: true,
      editPermission: true,
      reset: false,
      delete: true,
    });
    await expect(resetAccessToken(a.admin, ownersToken.token.id)).rejects.toBeInstanceOf(Forbidden);
  });

  it("refuses a demoted member resetting a token above their current role, but lets them delete it", async () => {
    const member = await a.addMember("admin");
    const theirs = await createAccessToken(member, { name: unique("old admin token"), permission: role("admin") });
    await setMemberRole([member.memberId], "reader");
    const demoted = await a.actor(member.memberId);
    await expect(resetAccessToken(demoted, theirs.token.id)).rejects.toBeInstanceOf(Forbidden);
    expect(tokenAbilities(demoted, await getVisibleToken(demoted, theirs.token.id))).toMatchObject({ reset: false, clone: false, delete: true });
  });

  it("still lets members reset their own tokens, and admins and owners reset service tokens within their role", async () => {
    const own = await createAccessToken(a.writer, { name: unique("mine"), permission: role("reader") });
    await expect(resetAccessToken(a.writer, own.token.id)).resolves.toMatchObject({ token: { id: own.token.id } });
    const adminService = await createAccessToken(a.owner, { name: unique("svc admin"), permission: role("admin"), serviceToken: true });
    await expect(resetAccessToken(a.admin, adminService.token.id)).resolves.toBeDefined();
    const ownerService = await createAccessToken(a.owner, { name: unique("svc owner"), permission: role("owner"), serviceToken: true });
    await expect(resetAccessToken(a.admin, ownerService.token.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(resetAccessToken(a.owner, ownerService.token.id)).resolves.toBeDefined();
    expect(tokenAbilities(a.admin, await getVisibleToken(a.admin, ownerService.token.id))).toMatchObject({ reset: false, clone: false, delete: true });
    await expect(cloneAccessToken(a.admin, ownerService.token.id)).rejects.toBeInstanceOf(Forbidden);
  });
});
