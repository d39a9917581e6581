import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileGlob, evaluate, globMatches, isAllowed, isAllowedByAll, statementMatches } from "./match";
import type { Policy, Statement } from "./types";

describe("globMatches", () => {
  it("matches a pattern without stars only against the identical string", () => {
    expect(globMatches("proj/web", "proj/web")).toBe(true);
    expect(globMatches("proj/web", "proj/webapp")).toBe(false);
    expect(globMatches("proj/web", "proj/we")).toBe(false);
    expect(globMatches("proj/web", "xproj/web")).toBe(false);
  });

  it("compares case-sensitively", () => {
    expect(globMatches("proj/Web", "proj/web")).toBe(false);
    expect(globMatches("createproject", "createProject")).toBe(false);
  });

  it("lets a lone star match anything, including the empty string", () => {
    expect(globMatches("*", "")).toBe(true);
    expect(globMatches("*", "member/m1:token/ci")).toBe(true);
  });

  it("lets a star match the empty sequence", () => {
    expect(globMatches("proj/*", "proj/")).toBe(true);
    expect(globMatches("*proj/a", "proj/a")).toBe(true);
    expect(globMatches("proj/**", "proj/")).toBe(true);
  });

  it("lets a star cross / and : boundaries", () => {
    expect(globMatches("member/*", "member/m1:token/ci")).toBe(true);
    expect(globMatches("*ci", "member/m1:token/ci")).toBe(true);
  });

  it("anchors both ends of the pattern", () => {
    expect(globMatches("proj/*", "xproj/a")).toBe(false);
    expect(globMatches("*/a", "proj/ab")).toBe(false);
  });

  it("matches a star in the middle", () => {
    expect(globMatches("member/*:token/ci", "member/m1:token/ci")).toBe(true);
    expect(globMatches("member/*:token/ci", "member/m1:token/cd")).toBe(false);
    expect(globMatches("member/*:token/ci", "member/m1/ci")).toBe(false);
  });

  it("matches several stars, backtracking past earlier partial matches", () => {
    expect(globMatches("member/*:token/*", "member/m1:token/ci")).toBe(true);
    expect(globMatches("*a*b*c", "xxaxxbxxc")).toBe(true);
    expect(globMatches("*a*b*c", "xxaxxcxxb")).toBe(false);
    expect(globMatches("a*ab", "aaab")).toBe(true);
    expect(globMatches("*:token/*", "member/x:tok:token/y")).toBe(true);
  });

  it("treats regex metacharacters as literal characters", () => {
    expect(globMatches("proj/a.b+c", "proj/a.b+c")).toBe(true);
    expect(globMatches("proj/a.b+c", "proj/aXbbc")).toBe(false);
    expect(globMatches("proj/(a|b)?[x]^$\\d{2}", "proj/(a|b)?[x]^$\\d{2}")).toBe(true);
    expect(globMatches("proj/(a|b)", "proj/a")).toBe(false);
    expect(globMatches("proj/.*", "proj/anything")).toBe(false);
    expect(globMatches("proj/.*", "proj/.anything")).toBe(true);
  });

  it("finishes quickly on a pathological pattern against a long string", () => {
    const value = "a".repeat(50_000);
    const started = performance.now();
    expect(globMatches("a*a*a*a*b", value)).toBe(false);
    expect(globMatches("*a*a*a*a*a*a*a*a*a*a*b", value)).toBe(false);
    expect(globMatches("a*a*a*a*a", value)).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

const allowProjects: Statement = { effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] };

describe("statementMatches", () => {
  it("requires both the action and the resource to match", () => {
    expect(statementMatches(allowProjects, "createProject", "proj/web")).toBe(true);
    expect(statementMatches(allowProjects, "deleteProject", "proj/web")).toBe(false);
    expect(statementMatches(allowProjects, "createProject", "role/web")).toBe(false);
  });

  it("treats notActions as matching any action matched by none of its patterns", () => {
    const s: Statement = { effect: "allow", notActions: ["delete*", "createRole"], resources: ["*"] };
    expect(statementMatches(s, "createProject", "proj/web")).toBe(true);
    expect(statementMatches(s, "deleteProject", "proj/web")).toBe(false);
    expect(statementMatches(s, "createRole", "role/ops")).toBe(false);
  });

  it("treats notResources as matching any resource matched by none of its patterns", () => {
    const s: Statement = { effect: "allow", actions: ["*"], notResources: ["proj/prod*", "role/*"] };
    expect(statementMatches(s, "updateProject", "proj/staging")).toBe(true);
    expect(statementMatches(s, "updateProject", "proj/production")).toBe(false);
    expect(statementMatches(s, "updateRole", "role/ops")).toBe(false);
  });

  it("throws rather than guessing when a statement has neither or both halves of a pair", () => {
    const neither = { effect: "allow", resources: ["*"] } as unknown as Statement;
    const both = { effect: "allow", actions: ["*"], notActions: ["x"], resources: ["*"] } as unknown as Statement;
    expect(() => statementMatches(neither, "createProject", "proj/a")).toThrow(/exactly one of actions/);
    expect(() => statementMatches(both, "createProject", "proj/a")).toThrow(/exactly one of actions/);
  });

  it("throws on an empty list instead of letting notActions: [] match everything", () => {
    const s: Statement = { effect: "allow", notActions: [], resources: ["*"] };
    expect(() => statementMatches(s, "deleteProject", "proj/a")).toThrow(/empty/);
  });
});

describe("evaluate", () => {
  it("denies when nothing matches, including for an empty policy", () => {
    expect(evaluate([], "createProject", "proj/a")).toEqual({ allowed: false, reason: "no-matching-allow" });
    expect(evaluate([allowProjects], "deleteProject", "proj/a")).toEqual({
      allowed: false,
      reason: "no-matching-allow",
    });
  });

  it("allows when an allow matches and reports the first matching allow", () => {
    const policy: Policy = [{ effect: "allow", actions: ["deleteRole"], resources: ["*"] }, allowProjects, allowProjects];
    expect(evaluate(policy, "updateProject", "proj/a")).toEqual({ allowed: true, reason: "allowed", statementIndex: 1 });
  });

  it("lets a matching deny beat any allow, whichever comes first", () => {
    const deny: Statement = { effect: "deny", actions: ["updateProject"], resources: ["proj/prod"] };
    for (const policy of [[allowProjects, deny], [deny, allowProjects]]) {
      const denyIndex = policy.indexOf(deny);
      expect(evaluate(policy, "updateProject", "proj/prod")).toEqual({
        allowed: false,
        reason: "denied-by-statement",
        statementIndex: denyIndex,
      });
      expect(isAllowed(policy, "updateProject", "proj/staging")).toBe(true);
    }
  });

  it("lets a deny beat even an allow-everything statement", () => {
    const policy: Policy = [
      { effect: "allow", actions: ["*"], resources: ["*"] },
      { effect: "deny", notActions: ["createProject"], resources: ["proj/*"] },
    ];
    expect(isAllowed(policy, "createProject", "proj/a")).toBe(true);
    expect(isAllowed(policy, "deleteProject", "proj/a")).toBe(false);
    expect(isAllowed(policy, "deleteProject", "role/a")).toBe(true);
  });

  it("ignores a deny that does not match", () => {
    const policy: Policy = [allowProjects, { effect: "deny", actions: ["*"], resources: ["role/*"] }];
    expect(evaluate(policy, "createProject", "proj/a").allowed).toBe(true);
  });
});

describe("isAllowedByAll", () => {
  const tokenPolicy: Policy = [{ effect: "allow", actions: ["*"], resources: ["*"] }];
  const memberPolicy: Policy = [allowProjects];

  it("allows only what every policy allows, so a personal token cannot exceed its member", () => {
    expect(isAllowedByAll([tokenPolicy, memberPolicy], "createProject", "proj/a")).toBe(true);
    expect(isAllowedByAll([tokenPolicy, memberPolicy], "deleteProject", "proj/a")).toBe(false);
    expect(isAllowed(tokenPolicy, "deleteProject", "proj/a")).toBe(true);
  });

  it("lets a narrow token restrict a broad member", () => {
    const narrowToken: Policy = [{ effect: "allow", actions: ["updateProject"], resources: ["proj/web"] }];
    const admin: Policy = [{ effect: "allow", actions: ["*"], resources: ["*"] }];
    expect(isAllowedByAll([narrowToken, admin], "updateProject", "proj/web")).toBe(true);
    expect(isAllowedByAll([narrowToken, admin], "updateProject", "proj/api")).toBe(false);
  });

  it("denies when given no policies at all", () => {
    expect(isAllowedByAll([], "createProject", "proj/a")).toBe(false);
  });
});

describe("compileGlob", () => {
  it("decides exactly as globMatches does, for any pattern and value over a small alphabet", () => {
    const text = (max: number) => fc.string({ unit: fc.constantFrom("a", "b", ":", "/", "*"), maxLength: max });
    fc.assert(
      fc.property(text(8), text(10), (pattern, value) => compileGlob(pattern)(value) === globMatches(pattern, value)),
      { numRuns: 5000 },
    );
  });

  it("finds literal runs in order without letting them overlap the anchored ends", () => {
    expect(compileGlob("ab*ba")("aba")).toBe(false);
    expect(compileGlob("a*ab")("aaab")).toBe(true);
    expect(compileGlob("*ab*ab")("xab")).toBe(false);
    expect(compileGlob("update*")("updateOn")).toBe(true);
    expect(compileGlob("*Holdout*")("createHoldout")).toBe(true);
  });
});
