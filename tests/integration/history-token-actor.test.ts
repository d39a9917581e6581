import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { createApiApp } from "@/lib/api";
import { listHistory } from "@/lib/audit";
import { authenticateApiToken, CLIENT_IP_HEADER } from "@/lib/auth";
import { createProject } from "@/lib/projects";
import { createAccessToken } from "@/lib/tokens";
import { createTestAccount, type TestAccount } from "../helpers/accounts";

// An action made with a token is the token's: change history names the token (id and name) as
// the actor, and the member who created it only as its creator — never as if they had acted.
afterAll(() => closeDatabase());

let a: TestAccount;
let serviceTokenId: string;
let ownerSecret: string;

beforeAll(async () => {
  a = await createTestAccount();
  const service = await createAccessToken(a.admin, { name: "deploy bot", serviceToken: true, permission: { kind: "role", role: "writer" } });
  serviceTokenId = service.token.id;
  const caller = await authenticateApiToken(`Bearer ${service.secret}`, null);
  if (!caller) throw new Error("the service token did not authenticate");
  await createProject(caller.actor, { key: "bot-made", name: "Made by the bot" });
  await createProject(a.admin, { key: "admin-made", name: "Made by the admin" });
  ownerSecret = (await createAccessToken(a.owner, { name: "owner reads", permission: { kind: "role", role: "owner" } })).secret;
});

describe(`who acted, when a token did (${testDatabaseKind})`, () => {
  it("names the token as the actor and its member only as the token's creator", async () => {
    const { items } = await listHistory(a.owner, { targetKind: "project" });
    const byBot = items.find((e) => e.target.name === "bot-made");
    expect(byBot?.actor).toMatchObject({ kind: "token", tokenId: serviceTokenId, name: "deploy bot" });
    expect(byBot?.tokenCreator).toEqual({ id: a.admin.memberId, email: a.admin.displayName });
    const byAdmin = items.find((e) => e.target.name === "admin-made");
    expect(byAdmin?.actor).toMatchObject({ kind: "member", memberId: a.admin.memberId, tokenId: null, name: a.admin.displayName });
    expect(byAdmin?.tokenCreator).toBeNull();
  });

  it("gives the API's entry a token and no member when a token acted, and a member and no token otherwise", async () => {
    const response = await createApiApp().request("/api/v2/auditlog?targetKind=project", {
      headers: { authorization: ownerSecret, [CLIENT_IP_HEADER]: "192.0.2.77" },
    });
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Record<string, unknown>[] };
    const byBot = items.find((e) => e.name === "bot-made");
    expect(byBot?.token).toEqual({ _id: serviceTokenId, name: "deploy bot", _creator: { _id: a.admin.memberId, email: a.admin.displayName } });
    expect(byBot).not.toHaveProperty("member");
    const byAdmin = items.find((e) => e.name === "admin-made");
    expect(byAdmin?.member).toEqual({ _id: a.admin.memberId, email: a.admin.displayName });
    expect(byAdmin).not.toHaveProperty("token");
  });
});
