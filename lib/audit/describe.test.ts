import { describe, expect, it } from "vitest";
import { accessesOf, describeChange, targetResources } from "./describe";

const tokens = new Map([
  ["t-personal", { memberId: "m-1", serviceToken: false }],
  ["t-service", { memberId: "m-2", serviceToken: true }],
]);

describe("an entry's resources", () => {
  it("names each kind of target as policies name it", () => {
    expect(targetResources({ kind: "project", id: "p", name: "web" }, tokens)).toEqual(["proj/web"]);
    expect(targetResources({ kind: "role", id: "r", name: "ops" }, tokens)).toEqual(["role/ops"]);
    expect(targetResources({ kind: "member", id: "m-9", name: "a@b.test" }, tokens)).toEqual(["member/m-9"]);
    expect(targetResources({ kind: "token", id: "t-personal", name: "ci" }, tokens)).toEqual(["member/m-1:token/ci"]);
    expect(targetResources({ kind: "token", id: "t-service", name: "bot" }, tokens)).toEqual(["service-token/bot"]);
  });

  it("gives a token whose owner is unknown no resource rather than a guess", () => {
    expect(targetResources({ kind: "token", id: "t-gone", name: "old" }, tokens)).toEqual([]);
  });
});

describe("an entry's accesses", () => {
  it("records a token update's action for each changed field", () => {
    const changes = { name: { before: "a", after: "b" }, expiresAt: { before: null, after: "2030-01-01" } };
    expect(accessesOf("tokenUpdated", changes, ["member/m-1:token/b"])).toEqual([
      { action: "updateAccessTokenName", resource: "member/m-1:token/b" },
      { action: "updateAccessTokenExpiration", resource: "member/m-1:token/b" },
    ]);
  });

  it("uses the policy action where one governs the change, and the history action otherwise", () => {
    expect(accessesOf("roleUpdated", {}, ["role/ops"])).toEqual([{ action: "updateRole", resource: "role/ops" }]);
    expect(accessesOf("memberInvited", {}, ["member/m"])).toEqual([{ action: "createMember", resource: "member/m" }]);
    expect(accessesOf("passwordReset", {}, ["member/m"])).toEqual([{ action: "passwordReset", resource: "member/m" }]);
  });
});

describe("an entry in words", () => {
  it("says who did what to which target", () => {
    expect(describeChange("ann@acme.test", "projectDeleted", { kind: "project", id: "p", name: "web" })).toEqual({
      titleVerb: "deleted the project",
      shortDescription: "deleted the project web",
      description: "ann@acme.test deleted the project web",
    });
  });
});
