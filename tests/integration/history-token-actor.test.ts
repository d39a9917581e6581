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
let ownerTokenId: string;

beforeAll(async () => {
  a = await createTestAccount();
  const service = await createAccessToken(a.admin, { name: "deploy bot", serviceToken: true, permission: { kind: "role", role: "writer" } });
  serviceTokenId = service.token.id;
  const caller = await authenticateApiToken(`Bearer ${service.secret}`, null);
  if (!caller) throw new Error("the service token did not authenticate");
  await createProject(caller.actor, { key: "bot-made", name: "Made by the bot" });
  await createProject(a.admin, { key: "admin-made", name: "Made by the admin" });
  const ownerToken = await createAccessToken(a.owner, { name: "owner reads", permission: { kind: "role", role: "owner" } });
  ownerSecret = ownerToken.secret;
  ownerTokenId = ownerToken.token.id;
  const viaOwnerToken = await authenticateApiToken(`Bearer ${ownerSecret}`, null);
  if (!viaOwnerToken) throw new Error("the owner's token did not authenticate");
  await createProject(viaOwnerToken.actor, { key: "owner-token-made", name: "Made with the owner's token" });
});

describe(`who acted, when a token did (${testDatabaseKind})`, () => {
  it("names the token as the actor and its member only as the token's creator", async () => {
    const { items } = await listHistory(a.owner, { targetKind: "project" });
    const byBot = items.find((e) => e.target.name === "bot-made");
    expect(byBot?.actor).toMatchObject({ kind: "token", tokenId: serviceTokenId, name: "deploy bot" });
    expect(byBot?.tokenCreator).toMatchObject({ id: a.admin.memberId, email: a.admin.displayName });
    expect(byBot?.actorMember).toBeNull();
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
    expect(byBot?.token).toEqual({ _id: serviceTokenId, name: "deploy bot", serviceToken: true, _creator: { _id: a.admin.memberId, email: a.admin.displayName } });
    expect(byBot).not.toHaveProperty("member");
    const byAdmin = items.find((e) => e.name === "admin-made");
    expect(byAdmin?.member).toEqual({
      _links: { self: { href: `/api/v2/members/${a.admin.memberId}`, type: "application/json" } },
      _id: a.admin.memberId,
      email: a.admin.displayName,
      firstName: expect.any(String),
      lastName: expect.any(String),
      role: "admin",
    });
    expect(byAdmin).not.toHaveProperty("token");
  });

  it("gives an entry made with a personal token the token and, as member, its owner whose authority it carries", async () => {
    const response = await createApiApp().request("/api/v2/auditlog?targetKind=project", { headers: { authorization: ownerSecret } });
    const { items } = (await response.json()) as { items: Record<string, unknown>[] };
    const byOwnerToken = items.find((e) => e.name === "owner-token-made");
    expect(byOwnerToken?.token).toMatchObject({ _id: ownerTokenId, name: "owner reads", serviceToken: false });
    expect(byOwnerToken?.member).toMatchObject({ _id: a.owner.memberId, email: a.owner.displayName, role: "owner" });
  });
});
