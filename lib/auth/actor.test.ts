import { describe, expect, it } from "vitest";
import { builtInPolicy, isAllowed, storedPolicy } from "../policy";
import { tokenActor, tokenPolicyOf } from "./actor";

describe("tokenPolicyOf", () => {
  it("gives a personal token's role the member's own-token statement, a service token's not", () => {
    expect(tokenPolicyOf({ kind: "role", role: "reader" }, "m1")).toEqual(builtInPolicy("reader", "m1"));
    expect(tokenPolicyOf({ kind: "role", role: "reader" }, null)).toEqual([]);
  });

  it("concatenates custom roles so that a deny in any of them wins", () => {
    const policy = tokenPolicyOf(
      {
        kind: "customRoles",
        policies: [
          [{ effect: "allow", actions: ["*"], resources: ["proj/*"] }],
          [{ effect: "deny", actions: ["deleteProject"], resources: ["proj/*"] }],
        ],
      },
      "m1",
    );
    expect(isAllowed(policy, "updateProject", "proj/a")).toBe(true);
    expect(isAllowed(policy, "deleteProject", "proj/a")).toBe(false);
  });

  it("allows nothing when a token's custom roles were all deleted", () => {
    expect(isAllowed(tokenPolicyOf({ kind: "customRoles", policies: [] }, "m1"), "createProject", "proj/a")).toBe(false);
  });

  it("fails closed on a stored policy that no longer parses", () => {
    expect(storedPolicy([{ effect: "allow", actions: ["nonsense"], resources: ["*"] }])).toEqual([
      { effect: "deny", actions: ["*"], resources: ["*"] },
    ]);
  });
});

describe("tokenActor", () => {
  const member = { id: "m1", email: "a@x.test", role: "admin" as const, policy: builtInPolicy("admin", "m1") };

  it("lets only admin- or owner-role tokens of admins list every member's tokens", () => {
    const token = { id: "t", name: "ci", serviceToken: false, role: "admin" as const, policy: builtInPolicy("admin", "m1"), secretId: "s", expiresAt: null };
    expect(tokenActor({ accountId: "a", member, token, ip: null }).canViewAllTokens).toBe(true);
    expect(tokenActor({ accountId: "a", member: { ...member, role: "writer" }, token, ip: null }).canViewAllTokens).toBe(false);
    expect(tokenActor({ accountId: "a", member, token: { ...token, role: "writer" }, ip: null }).canViewAllTokens).toBe(false);
    expect(tokenActor({ accountId: "a", member, token: { ...token, role: null }, ip: null }).canViewAllTokens).toBe(false);
  });

  it("names the token in change history", () => {
    const token = { id: "t", name: "deploy", serviceToken: true, role: "admin" as const, policy: builtInPolicy("admin", null), secretId: "s", expiresAt: null };
    const actor = tokenActor({ accountId: "a", member: { ...member, role: "reader" }, token, ip: "192.0.2.1" });
    expect(actor).toMatchObject({ kind: "token", displayName: "deploy", canViewAllTokens: true, ip: "192.0.2.1" });
  });
});
