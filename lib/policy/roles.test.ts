import { describe, expect, it } from "vitest";
import { isAllowed } from "./match";
import { builtInPolicy, canGrantRole, grantableRoles, memberPolicy, roleRank } from "./roles";
import { ALL_ACTIONS, BUILT_IN_ROLES, TOKEN_ACTIONS, type BuiltInRole, type Policy } from "./types";

const ownToken = "member/m1:token/laptop";
const othersToken = "member/m2:token/laptop";

describe("roleRank", () => {
  it("ranks no_access < reader < writer < admin < owner", () => {
    expect(roleRank("no_access")).toBeLessThan(roleRank("reader"));
    expect(roleRank("reader")).toBeLessThan(roleRank("writer"));
    expect(roleRank("writer")).toBeLessThan(roleRank("admin"));
    expect(roleRank("admin")).toBeLessThan(roleRank("owner"));
  });
});

describe("canGrantRole", () => {
  // Rows: granter; columns: role being granted, in BUILT_IN_ROLES order.
  const matrix: Record<BuiltInRole, boolean[]> = {
    no_access: [true, false, false, false, false],
    reader: [true, true, false, false, false],
    writer: [true, true, true, false, false],
    admin: [true, true, true, true, false],
    owner: [true, true, true, true, true],
  };

  it.each(BUILT_IN_ROLES)("lets a %s grant exactly the roles at or below their own", (granter) => {
    expect(BUILT_IN_ROLES.map((role) => canGrantRole(granter, role))).toEqual(matrix[granter]);
  });

  it("lets only owners grant owner", () => {
    expect(BUILT_IN_ROLES.filter((granter) => canGrantRole(granter, "owner"))).toEqual(["owner"]);
  });

  it("lets a reader mint only reader (or no-access) tokens", () => {
    expect(grantableRoles("reader")).toEqual(["no_access", "reader"]);
  });

  it("lists grantable roles lowest first", () => {
    expect(grantableRoles("admin")).toEqual(["no_access", "reader", "writer", "admin"]);
    expect(grantableRoles("owner")).toEqual(["no_access", "reader", "writer", "admin", "owner"]);
  });
});

describe("builtInPolicy", () => {
  it("gives a no_access member nothing at all, not even their own personal tokens", () => {
    expect(builtInPolicy("no_access", "m1")).toEqual([]);
    for (const action of TOKEN_ACTIONS) expect(isAllowed(builtInPolicy("no_access", "m1"), action, ownToken)).toBe(false);
  });

  it.each(BUILT_IN_ROLES.filter((role) => role !== "no_access"))("lets a %s perform every token action on their own personal tokens", (role) => {
    const policy = builtInPolicy(role, "m1");
    for (const action of TOKEN_ACTIONS) expect(isAllowed(policy, action, ownToken)).toBe(true);
  });

  it("does not let a reader or writer touch another member's tokens", () => {
    for (const role of ["reader", "writer"] as const) {
      const policy = builtInPolicy(role, "m1");
      for (const action of TOKEN_ACTIONS) expect(isAllowed(policy, action, othersToken)).toBe(false);
    }
  });

  it("does not let a member id prefix reach a longer id's tokens", () => {
    expect(isAllowed(builtInPolicy("reader", "m1"), "deleteAccessToken", "member/m10:token/laptop")).toBe(false);
  });

  it("does not let a reader manage service tokens or do any non-token action", () => {
    const policy = builtInPolicy("reader", "m1");
    expect(isAllowed(policy, "createAccessToken", "service-token/ci")).toBe(false);
    expect(isAllowed(policy, "createProject", "proj/web")).toBe(false);
    expect(isAllowed(policy, "updateMemberRole", "member/m1")).toBe(false);
  });

  it("lets a writer create and update projects, which a reader cannot", () => {
    for (const action of ["createProject", "updateProject"] as const) {
      expect(isAllowed(builtInPolicy("writer", "m1"), action, "proj/web")).toBe(true);
      expect(isAllowed(builtInPolicy("reader", "m1"), action, "proj/web")).toBe(false);
    }
  });

  it("does not let a writer delete projects, manage members or roles, or touch service tokens", () => {
    const policy = builtInPolicy("writer", "m1");
    expect(isAllowed(policy, "deleteProject", "proj/web")).toBe(false);
    expect(isAllowed(policy, "deleteMember", "member/m2")).toBe(false);
    expect(isAllowed(policy, "createRole", "role/ops")).toBe(false);
    expect(isAllowed(policy, "resetAccessToken", "service-token/ci")).toBe(false);
  });

  it.each(["admin", "owner"] as const)("lets an %s do every action on every resource", (role) => {
    const resources = [othersToken, "service-token/ci", "member/m2", "role/ops", "proj/web"];
    for (const policy of [builtInPolicy(role, "m1"), builtInPolicy(role, null)]) {
      for (const action of ALL_ACTIONS) {
        for (const resource of resources) expect(isAllowed(policy, action, resource)).toBe(true);
      }
    }
  });

  it("gives a service token no personal-token statement", () => {
    const policies = BUILT_IN_ROLES.map((role) => builtInPolicy(role, null));
    for (const policy of policies) {
      expect(policy.some((s) => s.resources?.some((r) => r.includes(":token/")))).toBe(false);
    }
    expect(builtInPolicy("reader", null)).toEqual([]);
    expect(isAllowed(builtInPolicy("writer", null), "createAccessToken", "member/m1:token/x")).toBe(false);
    expect(isAllowed(builtInPolicy("writer", null), "createProject", "proj/web")).toBe(true);
  });

  it("refuses a member id that would act as a glob or be empty", () => {
    expect(() => builtInPolicy("reader", "*")).toThrow(/Invalid member id/);
    expect(() => builtInPolicy("reader", "")).toThrow(/Invalid member id/);
  });

  it("returns a fresh policy each time, so callers cannot corrupt later results", () => {
    const first = builtInPolicy("writer", "m1");
    first.push({ effect: "allow", actions: ["*"], resources: ["*"] });
    (first[0]?.actions as string[]).push("createProject");
    expect(isAllowed(builtInPolicy("writer", "m1"), "deleteRole", "role/x")).toBe(false);
    expect(builtInPolicy("writer", "m1")[0]?.actions).toEqual([...TOKEN_ACTIONS]);
  });
});

describe("memberPolicy", () => {
  const projectDeleter: Policy = [{ effect: "allow", actions: ["deleteProject"], resources: ["proj/sandbox-*"] }];
  const noProd: Policy = [{ effect: "deny", actions: ["*"], resources: ["proj/prod"] }];

  it("adds a custom role's allows to the built-in role's", () => {
    const policy = memberPolicy("writer", "m1", [projectDeleter]);
    expect(isAllowed(policy, "deleteProject", "proj/sandbox-1")).toBe(true);
    expect(isAllowed(policy, "deleteProject", "proj/web")).toBe(false);
    expect(isAllowed(policy, "createProject", "proj/web")).toBe(true);
    expect(isAllowed(policy, "resetAccessToken", ownToken)).toBe(true);
  });

  it("lets a deny in any custom role beat the built-in role's allows", () => {
    const policy = memberPolicy("admin", "m1", [projectDeleter, noProd]);
    expect(isAllowed(policy, "updateProject", "proj/prod")).toBe(false);
    expect(isAllowed(policy, "updateProject", "proj/web")).toBe(true);
  });

  it("lets a deny in one custom role beat an allow in another", () => {
    const policy = memberPolicy("reader", "m1", [
      [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }],
      noProd,
    ]);
    expect(isAllowed(policy, "updateProject", "proj/web")).toBe(true);
    expect(isAllowed(policy, "updateProject", "proj/prod")).toBe(false);
  });

  it("equals the built-in policy when the member has no custom roles", () => {
    expect(memberPolicy("writer", "m1", [])).toEqual(builtInPolicy("writer", "m1"));
  });
});
