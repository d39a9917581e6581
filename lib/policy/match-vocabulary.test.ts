import { describe, expect, it } from "vitest";
import { isAllowed, isAllowedByAll } from "./match";
import { memberResource, personalTokenResource, projectResource, roleResource, serviceTokenResource, taggedProjectResource } from "./resources";
import { builtInPolicy } from "./roles";
import { ALL_ACTIONS, type Policy } from "./types";
import { POLICY_ACTIONS } from "./vocabulary";

// Statements in LaunchDarkly's vocabulary are matched by the same engine. What they name that
// Tollgate does not have is inert; nothing in the new vocabulary grants more than before.

const TOLLGATE_RESOURCES = [
  projectResource("web"),
  memberResource("m1"),
  memberResource("*"),
  roleResource("ops"),
  roleResource("*"),
  personalTokenResource("m1", "ci"),
  serviceTokenResource("deploy"),
  serviceTokenResource("*"),
];
const allowAll = (resources: string[]): Policy => [{ effect: "allow", actions: ["*"], resources }];
const grantsNothing = (policy: Policy) =>
  ALL_ACTIONS.every((action) => TOLLGATE_RESOURCES.every((resource) => !isAllowed(policy, action, resource)));

describe("matching LaunchDarkly resource specifiers", () => {
  it("gives a statement over environments, flags or the account no Tollgate action on anything", () => {
    for (const resources of [["proj/*:env/*"], ["proj/*:env/production:flag/*"], ["acct"], ["proj/*:env/*;qa_*:flag/*"], ["team/*", "webhook/*", "integration/*"]]) {
      expect(grantsNothing(allowAll(resources)), resources.join()).toBe(true);
    }
  });

  it("gives LaunchDarkly-only actions no Tollgate action, even on every resource", () => {
    const ldOnly = POLICY_ACTIONS.filter((action) => !(ALL_ACTIONS as readonly string[]).includes(action));
    for (let i = 0; i < ldOnly.length; i += 100) {
      expect(grantsNothing([{ effect: "allow", actions: ldOnly.slice(i, i + 100), resources: ["*"] }])).toBe(true);
    }
  });

  it("does not let a statement over proj/*:env/* reach members, roles or tokens", () => {
    const policy = allowAll(["proj/*:env/*", "proj/*:env/*:flag/*"]);
    expect(isAllowed(policy, "deleteMember", memberResource("m1"))).toBe(false);
    expect(isAllowed(policy, "updateMemberRole", memberResource("*"))).toBe(false);
    expect(isAllowed(policy, "deleteProject", projectResource("web"))).toBe(false);
    expect(isAllowed(policy, "resetAccessToken", personalTokenResource("m1", "ci"))).toBe(false);
  });

  it("still lets member/* cover members' personal tokens, as it always did", () => {
    expect(isAllowed(allowAll(["member/*"]), "deleteAccessToken", personalTokenResource("m1", "ci"))).toBe(true);
    expect(isAllowed(allowAll(["member/*:token/*"]), "deleteAccessToken", personalTokenResource("m1", "ci"))).toBe(true);
  });
});

describe("tag selectors never widen a match", () => {
  it("does not let an allow with a tag match a resource whose tags are unknown", () => {
    expect(isAllowed(allowAll(["proj/*;mobile"]), "updateProject", projectResource("web"))).toBe(false);
    expect(isAllowed(allowAll(["service-token/*;ci"]), "resetAccessToken", serviceTokenResource("deploy"))).toBe(false);
  });

  it("matches an allow with tags only on a resource that has every tag named", () => {
    const policy = allowAll(["proj/*;mobile,web"]);
    expect(isAllowed(policy, "updateProject", taggedProjectResource("app", ["Mobile", "web", "ios"]))).toBe(true);
    expect(isAllowed(policy, "updateProject", taggedProjectResource("app", ["mobile"]))).toBe(false);
    expect(isAllowed(policy, "updateProject", taggedProjectResource("app", []))).toBe(false);
    expect(isAllowed(allowAll(["proj/*;qa_*"]), "updateProject", taggedProjectResource("app", ["qa_east"]))).toBe(true);
    expect(isAllowed(allowAll(["proj/web;mobile"]), "updateProject", taggedProjectResource("app", ["mobile"]))).toBe(false);
  });

  it("does not let a token's name fake a tag or a scope", () => {
    const named = personalTokenResource("m1", "ci;mobile");
    expect(isAllowed(allowAll(["member/m1:token/*;mobile"]), "resetAccessToken", named)).toBe(false);
    expect(isAllowed(allowAll(["member/m1:token/ci;mobile"]), "resetAccessToken", named)).toBe(false);
    expect(isAllowed(allowAll(["proj/*:env/*"]), "deleteAccessToken", serviceTokenResource("x:env/production"))).toBe(false);
  });

  it("never decides a property selector, even on a resource whose tags are known", () => {
    expect(isAllowed(allowAll(["proj/*;{critical:true}"]), "updateProject", taggedProjectResource("app", ["critical:true"]))).toBe(false);
  });

  it("lets a deny with a tag cover a resource whose tags are unknown, so it never denies less", () => {
    const policy: Policy = [...allowAll(["*"]), { effect: "deny", actions: ["updateProject"], resources: ["proj/*;prod"] }];
    expect(isAllowed(policy, "updateProject", projectResource("web"))).toBe(false);
    expect(isAllowed(policy, "updateProject", taggedProjectResource("web", ["prod"]))).toBe(false);
    expect(isAllowed(policy, "updateProject", taggedProjectResource("web", ["staging"]))).toBe(true);
    expect(isAllowed(policy, "deleteProject", projectResource("web"))).toBe(true);
  });

  it("reads an undecidable pattern in notResources so that the statement applies less for allows and more for denies", () => {
    const allowExcept: Policy = [{ effect: "allow", actions: ["*"], notResources: ["proj/*;secret"] }];
    expect(isAllowed(allowExcept, "updateProject", projectResource("web"))).toBe(false);
    expect(isAllowed(allowExcept, "updateProject", taggedProjectResource("web", ["public"]))).toBe(true);
    const denyExcept: Policy = [...allowAll(["*"]), { effect: "deny", actions: ["*"], notResources: ["proj/*;public"] }];
    expect(isAllowed(denyExcept, "updateProject", projectResource("web"))).toBe(false);
    expect(isAllowed(denyExcept, "updateProject", taggedProjectResource("web", ["public"]))).toBe(true);
  });

  it("keeps denying what a stored pattern with a literal ';' denied before selectors meant anything", () => {
    const policy: Policy = [...allowAll(["*"]), { effect: "deny", actions: ["*"], resources: ["service-token/ci;prod"] }];
    expect(isAllowed(policy, "deleteAccessToken", serviceTokenResource("ci;prod"))).toBe(false);
    expect(isAllowed(allowAll(["service-token/ci;prod"]), "deleteAccessToken", serviceTokenResource("ci;prod"))).toBe(false);
  });

  it("keeps a personal token within its member however LaunchDarkly-style its policy", () => {
    const token: Policy = allowAll(["*", "acct", "proj/*:env/*:flag/*", "member/*"]);
    const writer = builtInPolicy("writer", "m1");
    expect(isAllowedByAll([token, writer], "deleteMember", memberResource("m2"))).toBe(false);
    expect(isAllowedByAll([token, writer], "createProject", projectResource("web"))).toBe(true);
  });
});
