import { testDatabaseKind } from "../helpers/env";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, database } from "@/db/client";
import { auditLog, tokenSecrets } from "@/db/schema";
import { Conflict, Forbidden, Invalid } from "@/lib/errors";
import { BUILT_IN_ROLES as ALL_ROLES, roleRank } from "@/lib/policy";

import { hashTokenSecret, isWellFormedToken } from "@/lib/secrets";
import { createAccessToken, CURRENT_API_VERSION, serviceTokenUsage } from "@/lib/tokens";
import { listCustomRolesForPicker } from "@/lib/roles";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { uniqueNames } from "../helpers/names";

// The roles the test account has a member of (a no_access member may create no token at all).
const BUILT_IN_ROLES = ALL_ROLES.filter((role) => role !== "no_access");

const AUDITOR = { key: "token-auditor", policy: [{ effect: "deny", actions: ["*"], resources: ["*"] }] };
const SERVICE_MINTER = {
  key: "service-minter",
  policy: [{ effect: "allow", actions: ["createAccessToken"], resources: ["service-token/*"] }],
};

let acme: TestAccount;
let other: TestAccount;
beforeAll(async () => {
  acme = await createTestAccount({ customRoles: [AUDITOR, SERVICE_MINTER] });
  other = await createTestAccount({ customRoles: [{ key: "elsewhere", policy: AUDITOR.policy }] });
});
afterAll(() => closeDatabase());

const unique = uniqueNames();

describe(`creating tokens (${testDatabaseKind})`, () => {
  it("returns a well-formed secret once and stores only its SHA-256 hash", async () => {
    const { token, secret } = await createAccessToken(acme.writer, { name: unique("laptop"), permission: { kind: "role", role: "writer" } });
    expect(isWellFormedToken(secret)).toBe(true);
    expect(token.ending).toBe(secret.slice(-4));
    expect(JSON.stringify(token)).not.toContain(secret);
    const db = await database();
    const stored = await db.select({ hash: tokenSecrets.hash, expiresAt: tokenSecrets.expiresAt }).from(tokenSecrets).where(eq(tokenSecrets.tokenId, token.id));
    expect(stored).toEqual([{ hash: hashTokenSecret(secret), expiresAt: null }]);
  });

  it("fills in the defaults and belongs to its creator", async () => {
    const { token } = await createAccessToken(acme.reader, { name: unique("defaults"), permission: { kind: "role", role: "reader" } });
    expect(token).toMatchObject({
      memberId: acme.reader.memberId,
      accountId: acme.accountId,
      description: "",
      serviceToken: false,
      defaultApiVersion: CURRENT_API_VERSION,
      expiresAt: null,
      expired: false,
      lastUsedAt: null,
      member: { id: acme.reader.memberId, role: "reader", removed: false },
    });
  });

  it.each(BUILT_IN_ROLES)("lets a %s mint personal tokens up to their own role and no higher", async (role) => {
    const actor = acme[role];
    for (const target of BUILT_IN_ROLES) {
      const attempt = createAccessToken(actor, { name: unique(`${role}-${target}`), permission: { kind: "role", role: target } });
      if (roleRank(target) <= roleRank(role)) await expect(attempt).resolves.toMatchObject({ token: { permission: { kind: "role", role: target } } });
      else await expect(attempt).rejects.toBeInstanceOf(Forbidden);
    }
  });

  it("lets only admins and owners create service tokens", async () => {
    for (const role of BUILT_IN_ROLES) {
      const attempt = createAccessToken(acme[role], { name: unique(`svc-${role}`), serviceToken: true, permission: { kind: "role", role: "reader" } });
      if (role === "admin" || role === "owner") await expect(attempt).resolves.toMatchObject({ token: { serviceToken: true } });
      else await expect(attempt).rejects.toBeInstanceOf(Forbidden);
    }
  });

  it("keeps a service token's role within its creator's", async () => {
    const ownerRole = { kind: "role", role: "owner" } as const;
    await expect(createAccessToken(acme.admin, { name: unique("svc"), serviceToken: true, permission: ownerRole })).rejects.toBeInstanceOf(Forbidden);
    await expect(createAccessToken(acme.owner, { name: unique("svc"), serviceToken: true, permission: ownerRole })).resolves.toBeDefined();
  });

  it("lets any member put custom roles or an inline policy on a personal token", async () => {
    const custom = await createAccessToken(acme.reader, {
      name: unique("custom"),
      permission: { kind: "customRoles", customRoleIds: [acme.roles["token-auditor"]!.id] },
    });
    expect(custom.token.permission).toEqual({
      kind: "customRoles",
      customRoles: [{ id: acme.roles["token-auditor"]!.id, key: "token-auditor", name: "token-auditor" }],
    });
    const policy = [{ effect: "allow" as const, actions: ["updateProject"], resources: ["proj/*"] }];
    const inline = await createAccessToken(acme.reader, { name: unique("inline"), permission: { kind: "inline", policy } });
    expect(inline.token.permission).toEqual({ kind: "inline", policy });
  });

  it("keeps custom roles and inline policies on service tokens for admins and owners", async () => {
    // A writer allowed to create service tokens by a custom role still may not scope them freely.
    const minter = await acme.addMember("writer", ["service-minter"]);
    const base = { serviceToken: true };
    await expect(createAccessToken(minter, { ...base, name: unique("svc"), permission: { kind: "role", role: "writer" } })).resolves.toBeDefined();
    await expect(
      createAccessToken(minter, { ...base, name: unique("svc"), permission: { kind: "customRoles", customRoleIds: [acme.roles["token-auditor"]!.id] } }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      createAccessToken(minter, { ...base, name: unique("svc"), permission: { kind: "inline", policy: AUDITOR.policy as never } }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      createAccessToken(acme.admin, { ...base, name: unique("svc"), permission: { kind: "inline", policy: AUDITOR.policy as never } }),
    ).resolves.toBeDefined();
  });

  it("treats another account's custom role exactly like one that does not exist", async () => {
    const foreign = createAccessToken(acme.admin, { name: unique("x"), permission: { kind: "customRoles", customRoleIds: [other.roles["elsewhere"]!.id] } });
    const madeUp = createAccessToken(acme.admin, { name: unique("x"), permission: { kind: "customRoles", customRoleIds: ["0123456789abcdef01234567"] } });
    const [a, b] = await Promise.all([foreign.catch((e: unknown) => e), madeUp.catch((e: unknown) => e)]);
    expect(a).toBeInstanceOf(Invalid);
    expect((a as Invalid).fieldErrors).toEqual((b as Invalid).fieldErrors);
    expect((a as Invalid).message).toBe((b as Invalid).message);
  });

  it("reports an invalid inline policy on the inlineRole field", async () => {
    const attempt = createAccessToken(acme.writer, {
      name: unique("bad"),
      permission: { kind: "inline", policy: [{ effect: "allow", actions: ["createProjekt"], resources: ["proj/*"] }] as never },
    });
    await expect(attempt).rejects.toMatchObject({
      kind: "invalid",
      fieldErrors: { inlineRole: expect.stringContaining('did you mean "createProject"') },
    });
  });

  it("keeps personal names unique per member and service names unique per account", async () => {
    const name = unique("shared");
    const personal = { name, permission: { kind: "role", role: "reader" } } as const;
    await createAccessToken(acme.writer, personal);
    await expect(createAccessToken(acme.writer, { ...personal, name: `  ${name} ` })).rejects.toMatchObject({
      kind: "conflict",
      fieldErrors: { name: expect.any(String) },
    });
    // Another member, and the service namespace, are separate.
    await expect(createAccessToken(acme.reader, personal)).resolves.toBeDefined();
    await expect(createAccessToken(acme.admin, { ...personal, serviceToken: true })).resolves.toBeDefined();
    await expect(createAccessToken(acme.owner, { ...personal, serviceToken: true })).rejects.toBeInstanceOf(Conflict);
  });

  it("refuses bad input field by field", async () => {
    const permission = { kind: "role", role: "reader" } as const;
    const cases = [
      [{ name: "", permission }, "name"],
      [{ name: "x".repeat(101), permission }, "name"],
      [{ name: "tab\there", permission }, "name"],
      [{ name: "ok", description: "x".repeat(1001), permission }, "description"],
      [{ name: "ok", expiresAt: new Date(Date.now() - 1000), permission }, "expiresAt"],
      [{ name: "ok", defaultApiVersion: 1 as never, permission }, "defaultApiVersion"],
    ] as const;
    for (const [input, field] of cases) {
      await expect(createAccessToken(acme.writer, input)).rejects.toMatchObject({ kind: "invalid", fieldErrors: { [field]: expect.any(String) } });
    }
  });

  it("writes one tokenCreated history entry with the settings", async () => {
    const expiresAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
    const { token } = await createAccessToken({ ...acme.writer, ip: "198.51.100.9" }, {
      name: unique("audited"),
      description: "for CI",
      permission: { kind: "role", role: "writer" },
      expiresAt,
    });
    const db = await database();
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.accountId, acme.accountId), eq(auditLog.targetId, token.id)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "tokenCreated",
      actorKind: "member",
      actorMemberId: acme.writer.memberId,
      actorName: acme.writer.displayName,
      targetKind: "token",
      targetName: token.name,
      ip: "198.51.100.9",
      changes: {
        name: { before: null, after: token.name },
        description: { before: null, after: "for CI" },
        permission: { before: null, after: { kind: "role", role: "writer" } },
        serviceToken: { before: null, after: false },
        defaultApiVersion: { before: null, after: CURRENT_API_VERSION },
        expiresAt: { before: null, after: expiresAt.toISOString() },
      },
    });
  });

  it("refuses members whose custom role denies everything, even for their own tokens", async () => {
    const auditor = await acme.addMember("writer", ["token-auditor"]);
    await expect(createAccessToken(auditor, { name: unique("x"), permission: { kind: "role", role: "reader" } })).rejects.toBeInstanceOf(Forbidden);
  });

  it("tells the create panel the quota and the account's custom roles", async () => {
    const fresh = await createTestAccount({ customRoles: [AUDITOR], serviceTokenLimit: 3 });
    await createAccessToken(fresh.admin, { name: "svc", serviceToken: true, permission: { kind: "role", role: "reader" } });
    expect(await serviceTokenUsage(fresh.reader)).toEqual({ used: 1, limit: 3 });
    expect(await listCustomRolesForPicker(fresh.reader)).toEqual([
      { id: fresh.roles["token-auditor"]!.id, key: "token-auditor", name: "token-auditor", description: "" },
    ]);
  });
});
