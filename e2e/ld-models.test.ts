import { beforeAll, describe, expect, it } from "vitest";
import { AccessTokensApi, Configuration } from "launchdarkly-api-typescript";
import { assertModel, checkedClient, methodsOf, modelNames, modelProblems, returnModelOf } from "./ld-models";

const link = { href: "/api/v2/tokens/0123456789abcdef01234567", type: "application/json" };
const token = () => ({
  _id: "0123456789abcdef01234567",
  ownerId: "a".repeat(24),
  memberId: "b".repeat(24),
  _member: { _links: { self: link }, _id: "b".repeat(24), role: "admin", email: "a@b.test" },
  name: "CI",
  creationDate: 1,
  lastModified: 2,
  inlineRole: [{ effect: "allow", actions: ["*"], resources: ["proj/*"] }],
  _links: { self: link, parent: link },
});

describe("the client's models, read from its api.ts", () => {
  // Parsing the client's api.ts (some 47,000 lines) once takes a few seconds on a busy machine.
  beforeAll(() => void modelNames(), 60_000);

  it("knows the models of every API class in scope", () => {
    expect(modelNames()).toEqual(expect.arrayContaining(["Token", "Tokens", "Member", "Members", "CustomRole", "CustomRoles", "Project", "Projects", "ProjectRep", "FlagDefaultsRep", "UpsertPayloadRep", "AuditLogEntryListingRepCollection", "AuditLogEntryRep"]));
  });

  it("accepts a value that fits, with optional properties absent and extra properties present", () => {
    expect(modelProblems("Token", token())).toEqual([]);
    expect(modelProblems("Token", { ...token(), description: undefined, somethingTollgateAdds: 1 })).toEqual([]);
    expect(modelProblems("Tokens", { items: [token(), token()], totalCount: 2 })).toEqual([]);
  });

  it("names a missing required property", () => {
    const rest: Record<string, unknown> = token();
    delete rest.creationDate;
    expect(modelProblems("Token", rest)).toEqual(["$.creationDate: required, missing"]);
  });

  it("names a property of the wrong primitive type", () => {
    expect(modelProblems("Token", { ...token(), creationDate: "2024-01-01" })).toEqual(['$.creationDate: expected a number, got the string "2024-01-01"']);
    expect(modelProblems("Token", { ...token(), serviceToken: "yes" })).toEqual(['$.serviceToken: expected a boolean, got the string "yes"']);
    expect(modelProblems("Token", { ...token(), name: 7 })).toEqual(["$.name: expected a string, got number 7"]);
  });

  it("type-checks optional properties when present, and null is not an absent property", () => {
    expect(modelProblems("Token", { ...token(), description: null })).toEqual(["$.description: expected a string, got null"]);
    expect(modelProblems("Token", { ...token(), lastUsed: "never" })).toEqual(['$.lastUsed: expected a number, got the string "never"']);
  });

  it("checks nested interfaces, arrays and arrays' items", () => {
    const member: Record<string, unknown> = { ...token()._member };
    delete member.email;
    expect(modelProblems("Token", { ...token(), _member: member })).toEqual(["$._member.email: required, missing"]);
    expect(modelProblems("Tokens", { items: token() })).toEqual([expect.stringMatching(/^\$\.items: expected an array, got object \{/)]);
    expect(modelProblems("Token", { ...token(), customRoleIds: ["a", 2] })).toEqual(["$.customRoleIds[1]: expected a string, got number 2"]);
  });

  it("checks enums of literal values", () => {
    expect(modelProblems("Token", { ...token(), inlineRole: [{ effect: "maybe", actions: ["*"] }] })).toEqual(['$.inlineRole[0].effect: expected one of "allow", "deny", got the string "maybe"']);
    expect(modelProblems("Statement", { effect: "deny" })).toEqual([]);
  });

  it("checks the values of {[key: string]: T} maps", () => {
    expect(modelProblems("Token", { ...token(), _links: { self: link, parent: "/api/v2/tokens" } })).toEqual(['$._links["parent"]: expected an object, got the string "/api/v2/tokens"']);
    expect(modelProblems("Token", { ...token(), _links: { self: { href: 3 } } })).toEqual(['$._links["self"].href: expected a string, got number 3']);
    expect(modelProblems("Member", { _links: {}, _id: "x", role: "reader", email: "e", _pendingInvite: false, _verified: true, customRoles: [], mfa: "disabled", _lastSeen: 0, creationDate: 1, roleAttributes: { team: ["a", 1] } })).toEqual(['$.roleAttributes["team"][1]: expected a string, got number 1']);
  });

  it("checks unions of models", () => {
    const union = modelNames().find((name) => name === "AIConfigMaintainer");
    expect(union).toBeDefined();
    expect(modelProblems("AIConfigMaintainer", 3)[0]).toMatch(/^\$: fits none of /);
  });

  it("refuses a model the client does not declare, rather than passing anything", () => {
    expect(() => modelProblems("NoSuchModel", {})).toThrow(/declares no model NoSuchModel/);
  });

  it("throws naming every problem", () => {
    expect(() => assertModel("Token", { _links: {} })).toThrow(/\$\._id: required, missing[\s\S]*\$\.creationDate: required, missing/);
  });

  it("reads each method's declared answer from the client", () => {
    expect(methodsOf("AccessTokensApi")).toEqual(["deleteToken", "getToken", "getTokens", "patchToken", "postToken", "resetToken"]);
    expect(returnModelOf("AccessTokensApi", "getTokens")).toBe("Tokens");
    expect(returnModelOf("AccessTokensApi", "deleteToken")).toBeNull();
    expect(returnModelOf("ProjectsApi", "postProject")).toBe("ProjectRep");
    expect(returnModelOf("AuditLogApi", "getAuditLogEntries")).toBe("AuditLogEntryListingRepCollection");
    expect(() => returnModelOf("AccessTokensApi", "nope")).toThrow(/no method nope/);
  });

  it("wraps a client so an answer that does not fit its model fails the call, and a refusal names the call", async () => {
    const calls: string[] = [];
    const fake = (data: unknown) => Object.assign(Object.create(AccessTokensApi.prototype) as AccessTokensApi, { getToken: async () => ({ data }) });
    await expect(checkedClient(fake(token()), (m, data) => calls.push(`${m} ${(data as { _id: string })._id}`)).getToken("x")).resolves.toMatchObject({ data: token() });
    await expect(checkedClient(fake({ ...token(), _id: 1 }), (m) => calls.push(m)).getToken("x")).rejects.toThrow(/AccessTokensApi\.getToken[\s\S]*\$\._id: expected a string, got number 1/);
    // Heard before the check, so a caller can clean up what a call made even when its answer does not fit.
    expect(calls).toEqual([`getToken ${token()._id}`, "getToken"]);
    const refused = Object.assign(Object.create(AccessTokensApi.prototype) as AccessTokensApi, {
      getToken: async () => {
        throw Object.assign(new Error("Request failed with status code 404"), { response: { status: 404, data: { code: "not_found", message: "Unknown token" } } });
      },
    });
    await expect(checkedClient(refused).getToken("x")).rejects.toMatchObject({ message: 'AccessTokensApi.getToken was refused: 404 {"code":"not_found","message":"Unknown token"}', response: { status: 404 } });
    // The class's own name, which the wrapper reads, survives in the published build.
    expect(new AccessTokensApi(new Configuration({ apiKey: "x" })).constructor.name).toBe("AccessTokensApi");
  });
});
