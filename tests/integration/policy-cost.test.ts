import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTokenAction } from "@/app/(settings)/settings/authorization/actions";
import { createRoleAction, updateRoleAction } from "@/app/(settings)/settings/roles/actions";
import { closeDatabase } from "@/db/client";
import { createRole } from "@/lib/roles";
import { createAccessToken } from "@/lib/tokens";
import type { Actor } from "@/lib/access";
import { createTestAccount, type TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { uniqueNames } from "../helpers/names";

// Validating a policy costs CPU in proportion to its size, so the price of a request must be
// bounded before anyone can pay it: a caller who may not create or change roles, or create the
// token, is refused before the validator looks at their policy; and no policy is larger than the
// bounds, which are stated in the refusal. The validator is counted, never timed.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
/** Calls of the policy validator with an input larger than any stored policy here (the caller's). */
const validator = vi.hoisted(() => ({ calls: 0 }));
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/require-actor", () => ({ requireActor: async () => session.actor }));
vi.mock("@/lib/policy/validate", async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const counted = Object.entries(real).map(([name, value]) => [
    name,
    typeof value === "function"
      ? (...args: unknown[]) => {
          const input = args[0];
          if ((typeof input === "string" ? input : (JSON.stringify(input) ?? "")).length > 10_000) validator.calls++;
          return (value as (...a: unknown[]) => unknown)(...args);
        }
      : value,
  ]);
  return Object.fromEntries(counted);
});

const KB = 1024;
const POLICY_LIMIT = /at most 64 KB/;
const BODY_LIMIT = /at most 128 KB/;

/** A policy of about `kb` KB as JSON, in 50 statements (the most a policy may have). */
function policyOfSize(kb: number) {
  const perStatement = Math.ceil((kb * KB) / 50);
  const resource = `proj/${"x".repeat(200)}`;
  const count = Math.min(100, Math.ceil(perStatement / (resource.length + 3)));
  return Array.from({ length: 50 }, () => ({ effect: "allow", actions: ["createProject"], resources: Array(count).fill(resource) }));
}
const huge = policyOfSize(100);
const small = [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }];

let a: TestAccount;
let secrets: { owner: string; writer: string; reader: string };
const unique = uniqueNames("-");

beforeAll(async () => {
  a = await createTestAccount();
  const mint = async (actor: Actor) => (await createAccessToken(actor, { name: "caller", permission: { kind: "role", role: actor.memberRole } })).secret;
  secrets = { owner: await mint(a.owner), writer: await mint(a.writer), reader: await mint(a.reader) };
  await createRole(a.owner, { key: "target-role", name: "Target role", policy: small });
  expect(JSON.stringify(huge).length).toBeGreaterThan(64 * KB);
  expect(JSON.stringify(huge).length).toBeLessThan(128 * KB);
});
beforeEach(() => {
  validator.calls = 0;
});
afterAll(() => closeDatabase());

describe(`who may is decided before the policy is validated (${testDatabaseKind})`, () => {
  it("refuses a caller who may not create roles with 403 without validating their policy, through the API and the console", async () => {
    const answer = await apiCall("POST", "/roles", { secret: secrets.reader, body: { key: unique("r"), name: "Role", policy: huge } });
    expect(answer.status, answer.text.slice(0, 200)).toBe(403);
    session.actor = a.writer;
    const result = await createRoleAction({ key: unique("r"), name: "Role", description: "", policyJson: JSON.stringify(huge) });
    expect(result).toMatchObject({ ok: false, error: "You are not allowed to create this role" });
    expect(validator.calls).toBe(0);
  });

  it("refuses a caller who may not change a role with 403 without validating their policy, through the API and the console", async () => {
    const answer = await apiCall("PATCH", "/roles/target-role", { secret: secrets.writer, body: [{ op: "replace", path: "/policy", value: huge }] });
    expect(answer.status, answer.text.slice(0, 200)).toBe(403);
    session.actor = a.reader;
    expect(await updateRoleAction({ key: "target-role", policyJson: JSON.stringify(huge) })).toMatchObject({ ok: false, error: "You are not allowed to change this role" });
    expect(validator.calls).toBe(0);
  });

  it("refuses a caller who may not create the token with 403 without validating its inline policy, through the API and the console", async () => {
    const answer = await apiCall("POST", "/tokens", { secret: secrets.writer, body: { name: unique("t"), serviceToken: true, inlineRole: huge } });
    expect(answer.status, answer.text.slice(0, 200)).toBe(403);
    session.actor = a.writer;
    const result = await createTokenAction({
      name: unique("t"),
      description: "",
      serviceToken: true,
      permission: { kind: "inline", policyJson: JSON.stringify(huge) },
      defaultApiVersion: 20240415,
    });
    expect(result).toMatchObject({ ok: false, error: "You are not allowed to create service tokens" });
    expect(validator.calls).toBe(0);
  });
  it("refuses a caller who may not change a token's permission with 403 without validating the new policy", async () => {
    const renamer = await createAccessToken(a.writer, {
      name: unique("renamer"),
      permission: { kind: "inline", policy: [{ effect: "allow", actions: ["updateAccessTokenName"], resources: ["*"] }] },
    });
    const { token: target } = await createAccessToken(a.writer, { name: unique("target"), permission: { kind: "role", role: "reader" } });
    const answer = await apiCall("PATCH", `/tokens/${target.id}`, {
      secret: renamer.secret,
      body: [{ op: "replace", path: "/inlineRole", value: huge }],
    });
    expect(answer.status, answer.text.slice(0, 200)).toBe(403);
    expect(validator.calls).toBe(0);
  });
});

describe(`policies are bounded, and the bound is named (${testDatabaseKind})`, () => {
  it("refuses a policy larger than 64 KB with 400 naming the bound, through the API and the console", async () => {
    const role = await apiCall("POST", "/roles", { secret: secrets.owner, body: { key: unique("r"), name: "Role", policy: huge } });
    expect(role.status, role.text.slice(0, 200)).toBe(400);
    expect(role.json.message).toMatch(POLICY_LIMIT);
    const token = await apiCall("POST", "/tokens", { secret: secrets.owner, body: { name: unique("t"), inlineRole: huge } });
    expect(token.status, token.text.slice(0, 200)).toBe(400);
    expect(token.json.message).toMatch(POLICY_LIMIT);

    session.actor = a.owner;
    const action = await createRoleAction({ key: unique("r"), name: "Role", description: "", policyJson: JSON.stringify(huge) });
    expect(action).toMatchObject({ ok: false, fieldErrors: { policy: expect.stringMatching(POLICY_LIMIT) } });
    const tokenAction = await createTokenAction({ name: unique("t"), description: "", permission: { kind: "inline", policyJson: JSON.stringify(huge) }, defaultApiVersion: 20240415 });
    expect(tokenAction).toMatchObject({ ok: false, fieldErrors: { inlineRole: expect.stringMatching(POLICY_LIMIT) } });
  });

  it("refuses a request body that carries a policy past 128 KB with 400 naming the bound", async () => {
    const body = { key: unique("r"), name: "Role", policy: policyOfSize(140) };
    const answer = await apiCall("POST", "/roles", { secret: secrets.owner, body });
    expect(answer.status, answer.text.slice(0, 200)).toBe(400);
    expect(answer.json.message).toMatch(BODY_LIMIT);
    expect(validator.calls).toBe(0);
  });

  it("accepts a policy at every bound: 50 statements, 100 entries in a list, 256-character entries", async () => {
    const statements = Array.from({ length: 50 }, (_, i) => ({ effect: "allow", actions: ["createProject"], resources: [`proj/p${i}`] }));
    const entries = [{ effect: "allow", actions: ["createProject"], resources: Array.from({ length: 100 }, (_, i) => `proj/p${i}`) }];
    const long = [{ effect: "allow", actions: ["createProject"], resources: [`proj/${"x".repeat(251)}`] }];
    for (const policy of [statements, entries, long]) {
      const answer = await apiCall("POST", "/roles", { secret: secrets.owner, body: { key: unique("r"), name: "Role", policy } });
      expect(answer.status, answer.text.slice(0, 200)).toBe(201);
    }
  });

  it("accepts a policy of exactly 64 KB, through the API and the console", async () => {
    const policy = policyOfSize(60);
    const pad = 64 * KB - JSON.stringify(policy).length;
    policy[0]!.resources[0] = `proj/${"y".repeat(200 + pad)}`.slice(0, 256);
    // The entry-length bound (256) caps one resource; spread the rest over a second entry.
    const rest = 64 * KB - JSON.stringify(policy).length;
    if (rest > 0) policy[1]!.resources[0] = `proj/${"z".repeat(200 + rest)}`;
    expect(new TextEncoder().encode(JSON.stringify(policy)).length).toBe(64 * KB);
    const answer = await apiCall("POST", "/roles", { secret: secrets.owner, body: { key: unique("r"), name: "Role", policy } });
    expect(answer.status, answer.text.slice(0, 200)).toBe(201);
    session.actor = a.owner;
    expect(await createRoleAction({ key: unique("r"), name: "Role", description: "", policyJson: JSON.stringify(policy) })).toMatchObject({ ok: true });
  });
});
