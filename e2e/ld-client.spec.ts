import { expect, test } from "@playwright/test";
import { AccessTokensApi, AccountMembersApi, AuditLogApi, Configuration, CustomRolesApi } from "launchdarkly-api-typescript";
import { apiTokenOf } from "./support";

// README, "The REST API": LaunchDarkly's published API client, pointed at Tollgate, works unchanged.
test("the launchdarkly-api-typescript client manages tokens against Tollgate", async ({ baseURL }) => {
  const config = new Configuration({ apiKey: apiTokenOf("writer"), basePath: baseURL });
  const tokens = new AccessTokensApi(config);

  const created = (await tokens.postToken({ name: `ld-client ${Date.now()}`, role: "reader", description: "made by the LD client" })).data;
  expect(created.token).toMatch(/^api-[0-9A-Za-z]{36}$/);
  expect(created.role).toBe("reader");

  const listed = (await tokens.getTokens(false, 100, 0)).data;
  expect(listed.items?.map((t) => t._id)).toContain(created._id);

  const fetched = (await tokens.getToken(created._id)).data;
  expect(fetched.token).toBe(created.token!.slice(-4));

  const patched = (await tokens.patchToken(created._id, [{ op: "replace", path: "/name", value: `${created.name} (renamed)` }])).data;
  expect(patched.name).toBe(`${created.name} (renamed)`);

  const reset = (await tokens.resetToken(created._id)).data;
  expect(reset.token).toMatch(/^api-/);
  expect(reset.token).not.toBe(created.token);

  // The new secret works through the client too.
  const me = (await new AccountMembersApi(new Configuration({ apiKey: reset.token!, basePath: baseURL })).getMember("me")).data;
  expect(me.email).toBe("writer@acme.test");

  await tokens.deleteToken(created._id);
  await expect(tokens.getToken(created._id)).rejects.toMatchObject({ response: { status: 404 } });
});

test("the client reads custom roles and the audit log", async ({ baseURL }) => {
  const config = new Configuration({ apiKey: apiTokenOf("admin"), basePath: baseURL });
  const roles = (await new CustomRolesApi(config).getCustomRoles()).data;
  expect(roles.items.map((r) => r.key)).toEqual(expect.arrayContaining(["project-editor", "token-auditor"]));
  const log = (await new AuditLogApi(config).getAuditLogEntries(undefined, undefined, undefined, 5)).data;
  expect(log.items?.length).toBeGreaterThan(0);
});
