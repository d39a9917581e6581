import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { createApiApp } from "@/lib/api";
import { cloneAccessToken, createAccessToken, listVisibleTokens, updateAccessToken, type TokenPermission } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { actorOfSecret } from "../helpers/token-actor";
import { uniqueNames } from "../helpers/names";
import { DAY } from "../helpers/fixtures";

// A token that is about to expire must not be able to buy its holder more time: whatever it
// creates, clones, resets or re-dates may not outlive it. Members in the console are not bound
// by this (a session is not a token that expires).

const HOUR = 3_600_000;
const admin: TokenPermission = { kind: "role", role: "admin" };
const reader: TokenPermission = { kind: "role", role: "reader" };
const api = createApiApp();

let a: TestAccount;
/** An admin personal token that expires in two days, and what it acts as. */
let expiring: { secret: string; id: string; expiresAt: Date; actor: Actor };
beforeAll(async () => {
  a = await createTestAccount();
  const expiresAt = new Date(Date.now() + 2 * DAY);
  const made = await createAccessToken(a.admin, { name: "expiring admin", permission: admin, expiresAt });
  expiring = { secret: made.secret, id: made.token.id, expiresAt, actor: await actorOfSecret(made.secret) };
});
afterAll(() => closeDatabase());

const unique = uniqueNames();

async function call(secret: string, method: string, path: string, body?: unknown) {
  const response = await api.request(`/api/v2${path}`, {
    method,
    headers: { Authorization: secret, "Content-Type": "application/json", "x-tollgate-client-ip": "198.51.100.10" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const exists = async (name: string) => (await listVisibleTokens(a.admin, { showAll: true, search: name })).items.some((t) => t.name === name);
const outlives = { kind: "invalid", fieldErrors: { expiresAt: expect.stringMatching(/expires/) } };

describe(`a token's expiry caps what it creates (${testDatabaseKind})`, () => {
  it("refuses, through the API, a token that expires creating one that never expires or outlives it", async () => {
    const forever = unique("forever");
    const never = await call(expiring.secret, "POST", "/tokens", { name: forever, role: "reader" });
    expect(never.status).toBe(400);
    expect(never.body).toEqual({ code: "invalid_request", message: expect.stringMatching(/cannot outlive the token that creates it/), id: expect.any(String) });
    const later = unique("later");
    const past = await call(expiring.secret, "POST", "/tokens", { name: later, role: "reader", expiresAt: expiring.expiresAt.getTime() + HOUR });
    expect(past.status).toBe(400);
    expect([await exists(forever), await exists(later)], "nothing was created").toEqual([false, false]);

    const within = expiring.expiresAt.getTime() - HOUR;
    const ok = await call(expiring.secret, "POST", "/tokens", { name: unique("within"), role: "reader", expiresAt: within });
    expect(ok.status).toBe(201);
    expect(ok.body.expiresAt).toBe(within);
    const same = await call(expiring.secret, "POST", "/tokens", { name: unique("same day"), role: "reader", expiresAt: expiring.expiresAt.getTime() });
    expect(same.status, "expiring together is not outliving").toBe(201);
  });

  it("refuses, through the domain, an expiring token creating a token that outlives it", async () => {
    await expect(createAccessToken(expiring.actor, { name: unique("domain forever"), permission: reader })).rejects.toMatchObject(outlives);
    await expect(
      createAccessToken(expiring.actor, { name: unique("domain later"), permission: reader, expiresAt: new Date(expiring.expiresAt.getTime() + DAY) }),
    ).rejects.toMatchObject(outlives);
  });

  it("refuses cloning, through an expiring token, a token with no expiry or a later one", async () => {
    const forever = await createAccessToken(a.admin, { name: unique("source forever"), permission: reader });
    const later = await createAccessToken(a.admin, { name: unique("source later"), permission: reader, expiresAt: new Date(Date.now() + 30 * DAY) });
    for (const source of [forever, later]) {
      const clone = await call(expiring.secret, "POST", `/tokens/${source.token.id}/clone`);
      expect(clone.status, `clone of ${source.token.name}`).toBe(400);
      expect(clone.body.message).toMatch(/cannot outlive the token that creates it/);
      expect(await exists(`${source.token.name} (copy)`)).toBe(false);
    }
    await expect(cloneAccessToken(expiring.actor, forever.token.id)).rejects.toMatchObject(outlives);

    const sooner = await createAccessToken(a.admin, { name: unique("source sooner"), permission: reader, expiresAt: new Date(Date.now() + DAY) });
    expect((await call(expiring.secret, "POST", `/tokens/${sooner.token.id}/clone`)).status).toBe(201);
  });

  it("refuses an expiring token removing or extending an expiration, its own included", async () => {
    const other = await createAccessToken(a.admin, { name: unique("other"), permission: reader, expiresAt: new Date(Date.now() + DAY) });
    await expect(updateAccessToken(expiring.actor, other.token.id, { expiresAt: null })).rejects.toMatchObject(outlives);
    await expect(updateAccessToken(expiring.actor, other.token.id, { expiresAt: new Date(expiring.expiresAt.getTime() + DAY) })).rejects.toMatchObject(outlives);
    await expect(updateAccessToken(expiring.actor, expiring.id, { expiresAt: null })).rejects.toMatchObject(outlives);
    const sooner = new Date(Date.now() + HOUR);
    await expect(updateAccessToken(expiring.actor, other.token.id, { expiresAt: sooner })).resolves.toMatchObject({ expiresAt: sooner });
    // Other fields of a token that outlives the caller stay editable.
    const forever = await createAccessToken(a.admin, { name: unique("forever edit"), permission: reader });
    await expect(updateAccessToken(expiring.actor, forever.token.id, { description: "renamed by a short-lived token" })).resolves.toBeDefined();
  });

  it("refuses an expiring token resetting a token that outlives it, and lets it reset itself", async () => {
    const service = await createAccessToken(a.owner, { name: unique("deploy"), permission: reader, serviceToken: true });
    const reset = await call(expiring.secret, "POST", `/tokens/${service.token.id}/reset`);
    expect(reset.status).toBe(403);
    expect(reset.body.message).toMatch(/outlive/);
    const self = await call(expiring.secret, "POST", `/tokens/${expiring.id}/reset?expiry=${Date.now() + HOUR}`);
    expect(self.status).toBe(200);
  });

  it("does not limit tokens that never expire, nor members in the console", async () => {
    const lasting = await createAccessToken(a.admin, { name: unique("lasting"), permission: admin });
    expect((await call(lasting.secret, "POST", "/tokens", { name: unique("made forever"), role: "reader" })).status).toBe(201);
    await expect(createAccessToken(a.admin, { name: unique("console forever"), permission: reader })).resolves.toMatchObject({ token: { expiresAt: null } });
  });
});
