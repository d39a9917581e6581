// The account behind the authorization matrix (tests/helpers/authorization-matrix.ts): one actor
// per row — members, and API tokens made through the domain — plus fresh target tokens per cell.
import { count, eq } from "drizzle-orm";
import { database } from "@/db/client";
import { accessTokens, members } from "@/db/schema";
import { roleRank, type BuiltInRole, type Policy } from "@/lib/policy";
import { createAccessToken, type CreateTokenInput, type TokenPermission } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { findToken } from "@/lib/tokens/queries";
import type { ActorName, Operation, Target } from "./authorization-matrix";
import { createTestAccount, type TestAccount } from "./accounts";
import { uniqueNames } from "./names";

export const MEMBER_ROWS = ["reader member", "writer member", "admin member", "owner member", "reader member with a custom role"] as const;
export type MemberRow = (typeof MEMBER_ROWS)[number];
export type TokenRow = Exclude<ActorName, MemberRow>;

export const isMemberRow = (actor: ActorName): actor is MemberRow => (MEMBER_ROWS as readonly string[]).includes(actor);

/** What the custom roles of the matrix allow (see the comment above the grid). */
const CUSTOM_ROLES = [
  {
    key: "service-token-keeper",
    policy: [
      { effect: "allow", actions: ["updateAccessToken*", "resetAccessToken"], resources: ["service-token/*"] },
      { effect: "deny", actions: ["deleteAccessToken"], resources: ["*"] },
    ],
  },
  { key: "token-renamer", policy: [{ effect: "allow", actions: ["updateAccessTokenName", "updateAccessTokenDescription"], resources: ["*"] }] },
];
const INLINE_TOKEN_POLICY: Policy = [{ effect: "allow", actions: ["createAccessToken", "resetAccessToken", "deleteAccessToken"], resources: ["*"] }];
/** Targets of "update permission" carry an inline policy, so changing it to the reader role is a real change any member may grant. */
const TARGET_POLICY: Policy = [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }];

const READER: TokenPermission = { kind: "role", role: "reader" };

export interface MatrixWorld {
  account: TestAccount;
  members: Record<MemberRow, Actor>;
  /** Each token row's secret and the member whose personal tokens are its "own" (a service token's creator). */
  tokens: Record<TokenRow, { secret: string; member: Actor }>;
  /** The member whose personal tokens are "another member's" for every row. */
  other: Actor;
  uniqueName(prefix: string): string;
}

export async function createMatrixWorld(): Promise<MatrixWorld> {
  // Every cell gets fresh targets, a few hundred of them service tokens: room for all of them.
  const account = await createTestAccount({ customRoles: CUSTOM_ROLES, serviceTokenLimit: 10_000 });
  const { reader, writer, admin, owner } = account;
  const members: Record<MemberRow, Actor> = {
    "reader member": reader,
    "writer member": writer,
    "admin member": admin,
    "owner member": owner,
    "reader member with a custom role": await account.addMember("reader", ["service-token-keeper"]),
  };
  const other = await account.addMember("writer");
  const uniqueName = uniqueNames();
  const mint = async (member: Actor, permission: TokenPermission, serviceToken = false) => {
    const { secret } = await createAccessToken(member, { name: uniqueName("acting"), permission, serviceToken });
    return { secret, member };
  };
  const tokens: MatrixWorld["tokens"] = {
    "reader personal token": await mint(reader, READER),
    "writer personal token": await mint(writer, { kind: "role", role: "writer" }),
    "admin personal token": await mint(admin, { kind: "role", role: "admin" }),
    "owner personal token": await mint(owner, { kind: "role", role: "owner" }),
    "admin's reader personal token": await mint(admin, READER),
    "custom-role personal token": await mint(admin, { kind: "customRoles", customRoleIds: [account.roles["token-renamer"]!.id] }),
    "inline-policy personal token": await mint(admin, { kind: "inline", policy: INLINE_TOKEN_POLICY }),
    "admin service token": await mint(owner, { kind: "role", role: "admin" }, true),
    "reader service token": await mint(admin, READER, true),
  };
  return { account, members, tokens, other, uniqueName };
}

/** The member whose personal tokens are the row's own (for a service token: its creator). */
export function ownerOf(world: MatrixWorld, actor: ActorName): Actor {
  return isMemberRow(actor) ? world.members[actor] : world.tokens[actor].member;
}

/**
 * Makes a token as `member` when they held `role` (if that is above their current one): a token
 * above a member's role is one they made before a demotion. The member really holds the role
 * while the token is made — writes re-check the caller's role — and is demoted straight after.
 */
async function asOnceHeld<T>(member: Actor, role: BuiltInRole, make: (actor: Actor) => Promise<T>): Promise<T> {
  if (roleRank(role) <= roleRank(member.memberRole)) return make(member);
  const db = await database();
  const setRole = (to: BuiltInRole) => db.update(members).set({ role: to }).where(eq(members.id, member.memberId));
  await setRole(role);
  try {
    return await make({ ...member, memberRole: role });
  } finally {
    await setRole(member.memberRole);
  }
}

/** A fresh token to act on, so no cell sees what an earlier one did. */
export async function createTarget(world: MatrixWorld, actor: ActorName, target: Target, operation: Operation, role: BuiltInRole = "reader") {
  const permission: TokenPermission = operation === "update permission" ? { kind: "inline", policy: TARGET_POLICY } : { kind: "role", role };
  const input: CreateTokenInput = { name: world.uniqueName("target"), description: "before", permission };
  const creator = target === "own" ? ownerOf(world, actor) : target === "other" ? world.other : world.account.owner;
  const { token } = await asOnceHeld(creator, role, (actor) => createAccessToken(actor, { ...input, serviceToken: target === "service" }));
  return token;
}

/** Everything a change could touch, or null once the token is gone. */
export async function snapshotToken(world: MatrixWorld, tokenId: string): Promise<string | null> {
  const token = await findToken(await database(), world.account.accountId, tokenId);
  if (!token) return null;
  const { name, description, permission, defaultApiVersion, expiresAt, updatedAt, ending } = token;
  return JSON.stringify({ name, description, permission, defaultApiVersion, expiresAt, updatedAt, ending });
}

export async function countTokens(world: MatrixWorld): Promise<number> {
  const db = await database();
  const [row] = await db.select({ n: count() }).from(accessTokens).where(eq(accessTokens.accountId, world.account.accountId));
  return row?.n ?? 0;
}
