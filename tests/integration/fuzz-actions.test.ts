import { testDatabaseKind } from "../helpers/env";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cloneTokenAction, createTokenAction, deleteTokenAction, resetTokenAction, updateTokenAction } from "@/app/(settings)/settings/authorization/actions";
import { closeDatabase, database } from "@/db/client";
import { isDomainError, isUnstorableInput } from "@/lib/errors";
import { cloneAccessToken, createAccessToken, listVisibleTokens, resetAccessToken, updateAccessToken } from "@/lib/tokens";
import { findToken } from "@/lib/tokens/queries";
import type { Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { countRows, deepArrayJson, field, FUZZ_TIMEOUT_MS, fuzzOptions, nastyNumber, nastyPolicy, nastyString, wrongType } from "../helpers/fuzz";

// SECURITY.md, property 5, for the browser door: the Authorization page's server actions are public
// endpoints, so any argument at all must come back as `{ok: true}` or as a refusal the form can
// show (`{ok: false, error, fieldErrors?}`) — never as "Something went wrong" (the action's
// 500) — and a refusal writes nothing. The actions run for real; only what needs a live Next
// request is replaced (vi.mock is hoisted above the imports): the session, which names the actor
// under test, and page revalidation.
// (The Members and Roles pages' actions are not fuzzed here: the domain calls behind them are
// fuzzed through the REST API in fuzz-api-resources.test.ts. Change history has no actions.)

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/require-actor", () => ({ requireActor: async () => session.actor }));

let account: TestAccount;
let tokenId: string;
let actors: Actor[];
beforeAll(async () => {
  account = await createTestAccount({ customRoles: [{ key: "ops", policy: [{ effect: "allow", actions: ["*"], resources: ["proj/*"] }] }] });
  actors = [account.owner, account.writer, account.reader];
  tokenId = (await createAccessToken(account.owner, { name: "fixture", permission: { kind: "inline", policy: [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }] } })).token.id;
});
afterAll(() => closeDatabase());
vi.setConfig({ testTimeout: FUZZ_TIMEOUT_MS });

/** What React can send as an action argument: any value, including Dates, Maps, BigInts. */
const anyArgument = fc.anything({ withDate: true, withMap: true, withSet: true, withBigInt: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, maxDepth: 3 });
const actor = fc.nat({ max: 2 }).map((i) => actors[i]!);
const tokenIdField = fc.oneof(fc.constant("fixture"), field(fc.constant("000000000000000000000000")), nastyString);
const isoDate = fc.oneof(
  fc.integer({ min: -400, max: 400 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString()),
  fc.constantFrom("2025-13-45T00:00:00Z", "+275760-09-13T00:00:00.000Z", "2030-01-01", "2030-01-01T00:00:00+99:00", "0000-01-01T00:00:00Z"),
);
const permission = fc.oneof(
  fc.record({ kind: fc.constant("role"), role: field(fc.constantFrom("reader", "writer", "admin", "owner")) }),
  fc.record({ kind: fc.constant("customRoles"), customRoleIds: field(fc.array(fc.oneof(fc.constant("ops"), nastyString), { maxLength: 3 })) }),
  fc.record({ kind: fc.constant("inline"), policyJson: fc.oneof(nastyPolicy.map((p) => JSON.stringify(p) ?? "null"), nastyString, fc.constant(deepArrayJson(10_000)), wrongType) }),
  wrongType,
);
const tokenFields = {
  name: field(fc.string({ minLength: 1, maxLength: 20 })),
  description: field(fc.string({ maxLength: 20 })),
  permission,
  serviceToken: field(fc.boolean()),
  defaultApiVersion: field(fc.oneof(fc.constantFrom(20240415, 20220603), nastyNumber)),
  expiresAt: field(fc.oneof(isoDate, fc.constant(null))),
};

const withFixture = (input: unknown) =>
  typeof input === "object" && input !== null && (input as { tokenId?: unknown }).tokenId === "fixture" ? { ...input, tokenId } : input;

async function state() {
  const token = await findToken(await database(), account.accountId, tokenId);
  return { counts: await countRows(account.accountId), token: JSON.stringify(token && { ...token, lastUsedAt: null }) };
}

type Result = { ok: boolean; error?: unknown; fieldErrors?: unknown; data?: unknown };

/** The answer every action gives: a success, or a refusal a form can show; a refusal writes nothing. */
async function checkAction(name: string, call: () => Promise<Result>, onSuccess: (before: Awaited<ReturnType<typeof state>>) => Promise<void>) {
  const before = await state();
  const result = await call();
  if (result.ok) return onSuccess(before);
  expect(Object.keys(result).filter((k) => !["ok", "error", "fieldErrors"].includes(k)), `${name}: only ok, error, fieldErrors`).toEqual([]);
  expect(typeof result.error).toBe("string");
  expect(result.error, `${name} failed unexpectedly`).not.toBe("Something went wrong. Please try again.");
  if (result.fieldErrors !== undefined) {
    expect(Object.values(result.fieldErrors as object).every((m) => typeof m === "string"), `${name}: field errors are messages`).toBe(true);
  }
  expect(await state(), `${name} was refused but wrote something`).toEqual(before);
}

const grew = (key: "tokens" | "history", by: number) => async (before: Awaited<ReturnType<typeof state>>) => {
  expect((await state()).counts[key]).toBe(before.counts[key] + by);
};

describe(`fuzzing the Authorization page's server actions (${testDatabaseKind})`, () => {
  it("createTokenAction: any argument is a created token or a refusal that wrote nothing", async () => {
    const input = fc.oneof(fc.record(tokenFields, { requiredKeys: [] }), anyArgument);
    await fc.assert(
      fc.asyncProperty(actor, input, async (who, value) => {
        session.actor = who;
        await checkAction("createTokenAction", () => createTokenAction(value), grew("tokens", 1));
      }),
      fuzzOptions(),
    );
  });

  it("updateTokenAction: any argument changes the token whole or not at all", async () => {
    const input = fc.oneof(fc.record({ tokenId: tokenIdField, ...tokenFields }, { requiredKeys: ["tokenId"] }), anyArgument);
    await fc.assert(
      fc.asyncProperty(actor, input, async (who, value) => {
        session.actor = who;
        await checkAction("updateTokenAction", () => updateTokenAction(withFixture(value)), async () => undefined);
      }),
      fuzzOptions(),
    );
  });

  it("cloneTokenAction and resetTokenAction: any argument is answered, and a refusal writes nothing", async () => {
    const clone = fc.oneof(fc.record({ tokenId: tokenIdField, name: field(fc.string({ maxLength: 30 })) }, { requiredKeys: ["tokenId"] }), anyArgument);
    const reset = fc.oneof(fc.record({ tokenId: tokenIdField, graceHours: field(fc.constantFrom(0, 1, 24, 168)) }), anyArgument);
    await fc.assert(
      fc.asyncProperty(actor, clone, reset, async (who, cloneInput, resetInput) => {
        session.actor = who;
        await checkAction("cloneTokenAction", () => cloneTokenAction(withFixture(cloneInput)), grew("tokens", 1));
        await checkAction("resetTokenAction", () => resetTokenAction(withFixture(resetInput)), grew("history", 1));
      }),
      fuzzOptions(),
    );
  });

  it("deleteTokenAction: any argument deletes the one token it names, or nothing", async () => {
    const input = fc.oneof(fc.record({ tokenId: fc.oneof(fc.constant("fresh"), tokenIdField.filter((id) => id !== "fixture")) }), anyArgument);
    await fc.assert(
      fc.asyncProperty(actor, input, async (who, value) => {
        session.actor = who;
        const fresh = (value as { tokenId?: unknown } | null)?.tokenId === "fresh";
        const id = fresh ? (await createAccessToken(who, { name: `doomed ${Math.random()}`, permission: { kind: "role", role: "reader" } })).token.id : null;
        await checkAction("deleteTokenAction", () => deleteTokenAction(id ? { tokenId: id } : value), grew("tokens", -1));
      }),
      fuzzOptions(),
    );
  });
});

describe(`fuzzing the token domain functions the actions call (${testDatabaseKind})`, () => {
  // The domain validates again (a typed value is not a trusted one): whatever a door passes, it
  // answers with a value or a domain error, and a refusal writes nothing.
  const call = fc.oneof(
    fc.record({ fn: fc.constant("create"), input: fc.oneof(fc.record(tokenFields, { requiredKeys: [] }), anyArgument) }),
    fc.record({ fn: fc.constant("update"), input: fc.oneof(fc.record(tokenFields, { requiredKeys: [] }), anyArgument) }),
    fc.record({ fn: fc.constant("reset"), input: fc.oneof(fc.date({ noInvalidDate: false }), nastyNumber, anyArgument) }),
    fc.record({ fn: fc.constant("clone"), input: fc.oneof(nastyString, anyArgument) }),
    fc.record({ fn: fc.constant("list"), input: fc.oneof(fc.record({ showAll: field(fc.boolean()), type: field(fc.constantFrom("all", "service")), search: nastyString, memberId: nastyString, limit: nastyNumber, offset: nastyNumber }, { requiredKeys: [] }), anyArgument) }),
  );
  it("any input is a result or a domain error, and a refusal writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(actor, call, async (who, { fn, input }) => {
        const before = await state();
        const run = {
          create: () => createAccessToken(who, input as never),
          update: () => updateAccessToken(who, tokenId, input as never),
          reset: () => resetAccessToken(who, tokenId, { oldSecretExpiresAt: input as never }),
          clone: () => cloneAccessToken(who, tokenId, { name: input as never }),
          list: () => listVisibleTokens(who, input as never),
        }[fn];
        const outcome = await run().then(
          () => "done",
          (error: unknown) => (isDomainError(error) || isUnstorableInput(error) ? "refused" : error),
        );
        if (outcome === "refused") expect(await state(), `${fn} was refused but wrote something`).toEqual(before);
        else expect(outcome, `${fn}(${fc.stringify(input).slice(0, 200)})`).toBe("done");
      }),
      fuzzOptions(),
    );
  });
});
