import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTokenAction, updateTokenAction } from "@/app/(settings)/settings/authorization/actions";
import { inviteMemberAction } from "@/app/(settings)/settings/members/actions";
import { createRoleAction, updateRoleAction } from "@/app/(settings)/settings/roles/actions";
import { closeDatabase } from "@/db/client";
import { createProject, updateProject } from "@/lib/projects";
import type { Actor } from "@/lib/access";
import type { TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { accountWithFieldTargets } from "../helpers/field-targets";
import { uniqueNames } from "../helpers/names";

// Names are how people tell tokens, roles, members and projects apart: two that render alike
// must not be two different strings. Invisible and direction-changing characters are refused in
// every name-like field, through every door; text is stored NFC-normalised, so the two ways of
// writing "é" are one name.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/require-actor", () => ({ requireActor: async () => session.actor }));

const INVISIBLE = /invisible/;
/** Zero-width space, right-to-left override, first-strong isolate, BOM, word joiner, soft hyphen, Arabic letter mark. */
const SAMPLES = ["\u200b", "\u202e", "\u2068", "\ufeff", "\u2060", "\u00ad", "\u061c", "\u200f"];
const hidden = (c: string) => `CI${c}deploy`;
const policy = [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }];

let a: TestAccount;
let ownerSecret: string;
let tokenId: string;
const unique = uniqueNames("-");

beforeAll(async () => {
  ({ account: a, ownerSecret, tokenId } = await accountWithFieldTargets({ tokenPermission: { kind: "role", role: "reader" }, rolePolicy: policy }));
  session.actor = a.owner;
});
afterAll(() => closeDatabase());

async function expectApiRefusal(method: string, path: string, body: unknown) {
  const answer = await apiCall(method, path, { secret: ownerSecret, body });
  expect(answer.status, `${method} ${path} ${JSON.stringify(body)}: ${answer.text}`).toBe(400);
  expect(answer.json.message).toMatch(INVISIBLE);
}
const expectFieldRefusal = (result: unknown, field: string) =>
  expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: expect.stringMatching(INVISIBLE) } });
const patch = (path: string, value: unknown) => [{ op: "replace", path, value }];

describe(`invisible characters in names, through the REST API (${testDatabaseKind})`, () => {
  it("refuses zero-width, direction-override and other format characters in a token's name or description", async () => {
    for (const c of SAMPLES) {
      await expectApiRefusal("POST", "/tokens", { name: hidden(c), role: "reader" });
      await expectApiRefusal("POST", "/tokens", { name: unique("t"), description: hidden(c), role: "reader" });
      await expectApiRefusal("PATCH", `/tokens/${tokenId}`, patch("/name", hidden(c)));
      await expectApiRefusal("POST", `/tokens/${tokenId}/clone`, { name: hidden(c) });
    }
  });

  it("refuses them in a role's key, name or description", async () => {
    for (const c of SAMPLES) {
      await expectApiRefusal("POST", "/roles", { key: `r${c}x`, name: "Role", policy });
      await expectApiRefusal("POST", "/roles", { key: unique("r"), name: hidden(c), policy });
      await expectApiRefusal("POST", "/roles", { key: unique("r"), name: "Role", description: hidden(c), policy });
      await expectApiRefusal("PATCH", "/roles/target-role", patch("/name", hidden(c)));
    }
  });

  it("refuses them in an invited member's first or last name", async () => {
    for (const c of SAMPLES) {
      await expectApiRefusal("POST", "/members", [{ email: `${unique("m")}@example.test`, firstName: hidden(c) }]);
      await expectApiRefusal("POST", "/members", [{ email: `${unique("m")}@example.test`, lastName: hidden(c) }]);
    }
  });

  it("refuses them in a project's key, name or tags", async () => {
    for (const c of SAMPLES) {
      await expectApiRefusal("POST", "/projects", { key: `p${c}x`, name: "Project" });
      await expectApiRefusal("POST", "/projects", { key: unique("p"), name: hidden(c) });
      await expectApiRefusal("POST", "/projects", { key: unique("p"), name: "Project", tags: [hidden(c)] });
      await expectApiRefusal("PATCH", "/projects/target-project", patch("/name", hidden(c)));
    }
  });

  it("stores names NFC-normalised, so a decomposed \"é\" is the same name as a composed one", async () => {
    const decomposed = "Cafe\u0301 deploy";
    const created = await apiCall("POST", "/tokens", { secret: ownerSecret, body: { name: decomposed, role: "reader" } });
    expect(created.status).toBe(201);
    expect(created.json.name).toBe("Caf\u00e9 deploy");
    const again = await apiCall("POST", "/tokens", { secret: ownerSecret, body: { name: "Caf\u00e9 deploy", role: "reader" } });
    expect(again.status).toBe(409);
  });

  it("still accepts ordinary text: accents, other scripts, emoji with a variation selector, line breaks in a description", async () => {
    const created = await apiCall("POST", "/tokens", {
      secret: ownerSecret,
      body: { name: "Déploiement 配信 ❤\ufe0f", description: "line one\nline two", role: "reader" },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ name: "Déploiement 配信 ❤\ufe0f", description: "line one\nline two" });
  });
});

describe(`invisible characters in names, through the console's server actions and the domain (${testDatabaseKind})`, () => {
  const token = { name: "Console token", description: "", permission: { kind: "role", role: "reader" }, defaultApiVersion: 20240415 };

  it("shows a field error on a token's name or description", async () => {
    for (const c of SAMPLES) {
      expectFieldRefusal(await createTokenAction({ ...token, name: hidden(c) }), "name");
      expectFieldRefusal(await createTokenAction({ ...token, name: unique("t"), description: hidden(c) }), "description");
      expectFieldRefusal(await updateTokenAction({ tokenId, name: hidden(c) }), "name");
    }
  });

  it("shows a field error on a role's key, name or description", async () => {
    const role = { key: unique("r"), name: "Role", description: "", policyJson: JSON.stringify(policy) };
    for (const c of SAMPLES) {
      expectFieldRefusal(await createRoleAction({ ...role, key: `r${c}x` }), "key");
      expectFieldRefusal(await createRoleAction({ ...role, name: hidden(c) }), "name");
      expectFieldRefusal(await createRoleAction({ ...role, description: hidden(c) }), "description");
      expectFieldRefusal(await updateRoleAction({ key: "target-role", name: hidden(c) }), "name");
    }
  });

  it("shows a field error on an invitation's first or last name", async () => {
    const invite = { email: `${unique("m")}@example.test`, firstName: "", lastName: "", role: "reader" };
    for (const c of SAMPLES) {
      expectFieldRefusal(await inviteMemberAction({ ...invite, firstName: hidden(c) }), "firstName");
      expectFieldRefusal(await inviteMemberAction({ ...invite, lastName: hidden(c) }), "lastName");
    }
  });

  it("refuses them in a project's key, name or tags with a field error (projects have no console page)", async () => {
    const refusal = async (promise: Promise<unknown>, field: string) =>
      expect(await promise.then(() => null, (e: unknown) => e)).toMatchObject({ kind: "invalid", fieldErrors: { [field]: expect.stringMatching(INVISIBLE) } });
    for (const c of SAMPLES) {
      await refusal(createProject(a.owner, { key: `p${c}x`, name: "Project" }), "key");
      await refusal(createProject(a.owner, { key: unique("p"), name: hidden(c) }), "name");
      await refusal(createProject(a.owner, { key: unique("p"), name: "Project", tags: [hidden(c)] }), "tags");
      await refusal(updateProject(a.owner, "target-project", { name: hidden(c) }), "name");
    }
  });
});
