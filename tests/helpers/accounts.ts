// Fixture: a fresh account per test (or per file), so tests never see each other's tokens even
// when they share one PostgreSQL database.
import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { database } from "@/db/client";
import { accounts, customRoles, memberCustomRoles, members } from "@/db/schema";
import { loadMemberActor } from "@/lib/auth";
import { env } from "@/lib/env";
import type { BuiltInRole } from "@/lib/policy";
import type { Actor } from "@/lib/access";
import { createAccessToken } from "@/lib/tokens";

// Nobody signs in during these tests; a value that is not a valid scrypt hash can never match.
const UNUSABLE_PASSWORD_HASH = "test-fixture-no-sign-in";

export interface TestRole {
  key: string;
  name?: string;
  description?: string;
  policy: unknown[];
}

export interface TestAccount {
  accountId: string;
  owner: Actor;
  admin: Actor;
  writer: Actor;
  reader: Actor;
  /** Custom roles by key. */
  roles: Record<string, { id: string; key: string }>;
  /** Adds a member (optionally with custom roles, by key) and returns their actor. */
  addMember(role: BuiltInRole, customRoleKeys?: string[]): Promise<Actor>;
  /** Re-reads an actor, e.g. after a role change; throws if the member is gone. */
  actor(memberId: string): Promise<Actor>;
  /** Marks a member removed (the state the Members page sets). */
  removeMember(memberId: string): Promise<void>;
}

export async function createTestAccount(
  opts: { customRoles?: TestRole[]; serviceTokenLimit?: number; name?: string } = {},
): Promise<TestAccount> {
  const db = await database();
  const tag = randomBytes(4).toString("hex");
  const [account] = await db
    .insert(accounts)
    // New accounts take the configured default (TOLLGATE_SERVICE_TOKEN_LIMIT), as account creation should.
    .values({ name: opts.name ?? `Test ${tag}`, serviceTokenLimit: opts.serviceTokenLimit ?? env().serviceTokenLimit })
    .returning({ id: accounts.id });
  if (!account) throw new Error("could not create the test account");
  const accountId = account.id;

  const roles: TestAccount["roles"] = {};
  for (const role of opts.customRoles ?? []) {
    const [row] = await db
      .insert(customRoles)
      .values({ accountId, key: role.key, name: role.name ?? role.key, description: role.description ?? "", policy: role.policy })
      .returning({ id: customRoles.id, key: customRoles.key });
    if (row) roles[row.key] = row;
  }

  let count = 0;
  const actor = async (memberId: string) => {
    const loaded = await loadMemberActor(memberId, "203.0.113.7");
    if (!loaded) throw new Error(`member ${memberId} is not active`);
    return loaded;
  };
  const addMember = async (role: BuiltInRole, customRoleKeys: string[] = []) => {
    const [member] = await db
      .insert(members)
      .values({
        accountId,
        email: `${role}-${++count}@${tag}.test`,
        firstName: role.charAt(0).toUpperCase() + role.slice(1),
        lastName: `No${count}`,
        role,
        passwordHash: UNUSABLE_PASSWORD_HASH,
      })
      .returning({ id: members.id });
    if (!member) throw new Error("could not create a test member");
    const roleIds = customRoleKeys.map((key) => {
      const found = roles[key];
      if (!found) throw new Error(`unknown test role ${key}`);
      return found.id;
    });
    if (roleIds.length > 0) {
      await db.insert(memberCustomRoles).values(roleIds.map((roleId) => ({ memberId: member.id, roleId })));
    }
    return actor(member.id);
  };
  const removeMember = async (memberId: string) => {
    await db.update(members).set({ removedAt: new Date() }).where(eq(members.id, memberId));
  };

  const [owner, admin, writer, reader] = [
    await addMember("owner"),
    await addMember("admin"),
    await addMember("writer"),
    await addMember("reader"),
  ];
  return { accountId, owner, admin, writer, reader, roles, addMember, actor, removeMember };
}

/** Sets members' built-in role directly (the Members page's job), for tests of changed roles. */
export async function setMemberRole(memberIds: string[], role: BuiltInRole): Promise<void> {
  const db = await database();
  await db.update(members).set({ role }).where(inArray(members.id, memberIds));
}

/** The ids of the account's owners who are not removed. */
export async function activeOwners(account: { accountId: string }): Promise<string[]> {
  const db = await database();
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.accountId, account.accountId), eq(members.role, "owner"), isNull(members.removedAt)));
  return rows.map((r) => r.id);
}

/** Two fresh accounts: the one a file tests, and another whose members must see none of it. */
export async function twoTestAccounts(): Promise<[TestAccount, TestAccount]> {
  return [await createTestAccount(), await createTestAccount()];
}

/** A fresh account and the secret of an owner-role token of its owner, to call the REST API with. */
export async function accountWithOwnerToken(): Promise<{ account: TestAccount; ownerSecret: string }> {
  const account = await createTestAccount();
  const { secret } = await createAccessToken(account.owner, { name: "api caller", permission: { kind: "role", role: "owner" } });
  return { account, ownerSecret: secret };
}
