import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTokenAction, cloneTokenAction, updateTokenAction } from "@/app/(settings)/settings/authorization/actions";
import { inviteMemberAction } from "@/app/(settings)/settings/members/actions";
import { createRoleAction, updateRoleAction } from "@/app/(settings)/settings/roles/actions";
import { closeDatabase } from "@/db/client";
import { createProject, updateProject } from "@/lib/projects";
import { generateTokenSecret } from "@/lib/secrets";
import type { Actor } from "@/lib/access";
import type { TestAccount } from "../helpers/accounts";
import { apiCall } from "../helpers/api-call";
import { accountWithFieldTargets } from "../helpers/field-targets";
import { uniqueNames } from "../helpers/names";

// A secret pasted into a field that is shown to others and kept in change history: every door
// answers it as the caller's mistake (400, or the form's field error), says what happened, and
// never repeats the secret. Change history refusing to record it stays the last line of defence.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/require-actor", () => ({ requireActor: async () => session.actor }));

const PASTED = /secret was pasted where it does not belong/;
const secret = generateTokenSecret();
const pasted = `CI ${secret}`;
const policyWith = (resource: string) => [{ effect: "allow", actions: ["createProject"], resources: [resource] }];

let a: TestAccount;
let ownerSecret: string;
let tokenId: string;
const unique = uniqueNames("-");

beforeAll(async () => {
  ({ account: a, ownerSecret, tokenId } = await accountWithFieldTargets({
    tokenPermission: { kind: "inline", policy: policyWith("proj/*") },
    rolePolicy: policyWith("proj/*"),
  }));
  session.actor = a.owner;
});
afterAll(() => closeDatabase());

async function expectApiRefusal(method: string, path: string, body: unknown) {
  const answer = await apiCall(method, path, { secret: ownerSecret, body });
  expect(answer.status, answer.text).toBe(400);
  expect(answer.json.code).toBe("invalid_request");
  expect(answer.json.message).toMatch(PASTED);
  expect(answer.text).not.toContain(secret);
}

function expectFieldRefusal(result: unknown, field: string) {
  expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: expect.stringMatching(PASTED) } });
  expect(JSON.stringify(result)).not.toContain(secret);
}

const patch = (path: string, value: unknown) => [{ op: "replace", path, value }];

describe(`a secret pasted into a field, through the REST API (${testDatabaseKind})`, () => {
  it("refuses it in a token's name or description, on create, update and clone, with 400 and without echoing it", async () => {
    await expectApiRefusal("POST", "/tokens", { name: pasted, role: "reader" });
    await expectApiRefusal("POST", "/tokens", { name: unique("t"), description: pasted, role: "reader" });
    await expectApiRefusal("PATCH", `/tokens/${tokenId}`, patch("/name", pasted));
    await expectApiRefusal("PATCH", `/tokens/${tokenId}`, patch("/description", pasted));
    await expectApiRefusal("POST", `/tokens/${tokenId}/clone`, { name: pasted });
  });

  it("refuses it in an inline policy's resource, on create and update", async () => {
    await expectApiRefusal("POST", "/tokens", { name: unique("t"), inlineRole: policyWith(`proj/${secret}`) });
    await expectApiRefusal("PATCH", `/tokens/${tokenId}`, patch("/inlineRole", policyWith(`proj/${secret}`)));
  });

  it("refuses it in a role's key, name, description or policy, on create and update", async () => {
    await expectApiRefusal("POST", "/roles", { key: secret, name: "Role", policy: policyWith("proj/*") });
    await expectApiRefusal("POST", "/roles", { key: unique("r"), name: pasted, policy: policyWith("proj/*") });
    await expectApiRefusal("POST", "/roles", { key: unique("r"), name: "Role", description: pasted, policy: policyWith("proj/*") });
    await expectApiRefusal("POST", "/roles", { key: unique("r"), name: "Role", policy: policyWith(`proj/${secret}`) });
    await expectApiRefusal("PATCH", "/roles/target-role", patch("/name", pasted));
    await expectApiRefusal("PATCH", "/roles/target-role", patch("/description", pasted));
    await expectApiRefusal("PATCH", "/roles/target-role", patch("/policy", policyWith(`proj/${secret}`)));
  });

  it("refuses it in an invited member's first name, last name or email address", async () => {
    await expectApiRefusal("POST", "/members", [{ email: `${unique("m")}@example.test`, firstName: pasted }]);
    await expectApiRefusal("POST", "/members", [{ email: `${unique("m")}@example.test`, lastName: pasted }]);
    await expectApiRefusal("POST", "/members", [{ email: `${secret}@example.test` }]);
  });

  it("refuses it in a project's key, name or tags, on create and update", async () => {
    await expectApiRefusal("POST", "/projects", { key: secret, name: "Project" });
    await expectApiRefusal("POST", "/projects", { key: unique("p"), name: pasted });
    await expectApiRefusal("POST", "/projects", { key: unique("p"), name: "Project", tags: [secret] });
    await expectApiRefusal("PATCH", "/projects/target-project", patch("/name", pasted));
    await expectApiRefusal("PATCH", "/projects/target-project", patch("/tags", [secret]));
  });
});

describe(`a secret pasted into a field, through the console's server actions and the domain (${testDatabaseKind})`, () => {
  const inline = (resource: string) => ({ kind: "inline", policyJson: JSON.stringify(policyWith(resource)) });
  const token = { name: "Console token", description: "", permission: { kind: "role", role: "reader" }, defaultApiVersion: 20240415 };

  it("shows a field error on a token's name, description or inline policy, on create, update and clone", async () => {
    expectFieldRefusal(await createTokenAction({ ...token, name: pasted }), "name");
    expectFieldRefusal(await createTokenAction({ ...token, name: unique("t"), description: pasted }), "description");
    expectFieldRefusal(await createTokenAction({ ...token, name: unique("t"), permission: inline(`proj/${secret}`) }), "inlineRole");
    expectFieldRefusal(await updateTokenAction({ tokenId, name: pasted }), "name");
    expectFieldRefusal(await updateTokenAction({ tokenId, description: pasted }), "description");
    expectFieldRefusal(await updateTokenAction({ tokenId, permission: inline(`proj/${secret}`) }), "inlineRole");
    expectFieldRefusal(await cloneTokenAction({ tokenId, name: pasted }), "name");
  });

  it("shows a field error on a role's key, name, description or policy, on create and update", async () => {
    const role = { key: unique("r"), name: "Role", description: "", policyJson: JSON.stringify(policyWith("proj/*")) };
    expectFieldRefusal(await createRoleAction({ ...role, key: secret }), "key");
    expectFieldRefusal(await createRoleAction({ ...role, name: pasted }), "name");
    expectFieldRefusal(await createRoleAction({ ...role, description: pasted }), "description");
    expectFieldRefusal(await createRoleAction({ ...role, policyJson: JSON.stringify(policyWith(`proj/${secret}`)) }), "policy");
    expectFieldRefusal(await updateRoleAction({ key: "target-role", name: pasted }), "name");
    expectFieldRefusal(await updateRoleAction({ key: "target-role", description: pasted }), "description");
    expectFieldRefusal(await updateRoleAction({ key: "target-role", policyJson: JSON.stringify(policyWith(`proj/${secret}`)) }), "policy");
  });

  it("shows a field error on an invitation's first name, last name or email address", async () => {
    const invite = { email: `${unique("m")}@example.test`, firstName: "", lastName: "", role: "reader" };
    expectFieldRefusal(await inviteMemberAction({ ...invite, firstName: pasted }), "firstName");
    expectFieldRefusal(await inviteMemberAction({ ...invite, lastName: pasted }), "lastName");
    expectFieldRefusal(await inviteMemberAction({ ...invite, email: `${secret}@example.test` }), "email");
  });

  it("refuses it in a project's key, name or tags with a field error (projects have no console page)", async () => {
    const refusal = async (promise: Promise<unknown>, field: string) => {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ kind: "invalid", fieldErrors: { [field]: expect.stringMatching(PASTED) } });
      expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(secret);
    };
    await refusal(createProject(a.owner, { key: secret, name: "Project" }), "key");
    await refusal(createProject(a.owner, { key: unique("p"), name: pasted }), "name");
    await refusal(createProject(a.owner, { key: unique("p"), name: "Project", tags: [secret] }), "tags");
    await refusal(updateProject(a.owner, "target-project", { name: pasted }), "name");
  });
});
