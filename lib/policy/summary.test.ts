import { describe, expect, it } from "vitest";
import { builtInPolicy } from "./roles";
import { summarizePolicy } from "./summary";
import { TOKEN_ACTIONS } from "./types";

describe("summarizePolicy", () => {
  it("lists the actions and resources of an allow", () => {
    expect(
      summarizePolicy([{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }]),
    ).toEqual(["Allows createProject, updateProject on proj/*"]);
  });

  it("calls a * action 'every action' and keeps resources as written", () => {
    expect(summarizePolicy([{ effect: "deny", actions: ["*"], resources: ["*"] }])).toEqual([
      "Denies every action on *",
    ]);
  });

  it("phrases notActions as an exception to every action", () => {
    expect(summarizePolicy([{ effect: "allow", notActions: ["deleteProject"], resources: ["proj/a", "proj/b"] }])).toEqual(
      ["Allows every action except deleteProject on proj/a, proj/b"],
    );
  });

  it("phrases notResources as an exception to every resource", () => {
    expect(summarizePolicy([{ effect: "deny", actions: ["delete*"], notResources: ["proj/sandbox-*"] }])).toEqual([
      "Denies delete* on every resource except proj/sandbox-*",
    ]);
  });

  it("says a negated * matches nothing rather than 'every action except *'", () => {
    expect(summarizePolicy([{ effect: "allow", notActions: ["*"], notResources: ["*"] }])).toEqual([
      "Allows no action on no resource",
    ]);
  });

  it("names the full set of token actions instead of listing all eight", () => {
    expect(summarizePolicy(builtInPolicy("writer", "m1"))).toEqual([
      "Allows every access-token action on member/m1:token/*",
      "Allows createProject, updateProject on proj/*",
    ]);
    expect(summarizePolicy([{ effect: "deny", notActions: [...TOKEN_ACTIONS], resources: ["*"] }])).toEqual([
      "Denies every action except access-token actions on *",
    ]);
  });

  it("lists a partial set of token actions by name", () => {
    const actions = TOKEN_ACTIONS.slice(0, 2);
    expect(summarizePolicy([{ effect: "allow", actions: [...actions], resources: ["service-token/*"] }])).toEqual([
      "Allows createAccessToken, updateAccessTokenName on service-token/*",
    ]);
  });

  it("gives one line per statement, in statement order", () => {
    const lines = summarizePolicy(builtInPolicy("admin", "m1"));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("Allows every action on *");
  });

  it("explains that an empty policy denies everything", () => {
    expect(summarizePolicy([])).toEqual(["Denies every action: the policy has no statements"]);
  });
});
