import { describe, expect, it } from "vitest";
import { parsePolicy } from "./validate";
import { onlyError, valid } from "./validate-test-helpers";

describe("parsePolicy: list errors", () => {
  const withActions = (actions: unknown) => [valid, { ...valid, actions }];

  it("rejects a list that is not an array", () => {
    expect(onlyError(withActions("createProject"))).toEqual({
      statement: 1,
      field: "actions",
      message: '"actions" in statement 2 must be an array of strings, not "createProject"',
    });
  });

  it("rejects an empty list, naming the field actually used", () => {
    expect(onlyError([{ effect: "allow", actions: ["*"], notResources: [] }])).toEqual({
      statement: 0,
      field: "notResources",
      message: '"notResources" in statement 1 must not be empty',
    });
  });

  it("rejects more than 100 entries but accepts exactly 100", () => {
    expect(parsePolicy([{ ...valid, resources: Array(100).fill("proj/a") }]).ok).toBe(true);
    expect(onlyError([{ ...valid, resources: Array(101).fill("proj/a") }]).message).toBe(
      '"resources" in statement 1 has 101 entries; at most 100 are allowed',
    );
  });

  it("rejects a non-string entry", () => {
    expect(onlyError(withActions(["createProject", 7]))).toEqual({
      statement: 1,
      field: "actions",
      message: 'Entry 2 of "actions" in statement 2 must be a string, not number 7',
    });
  });

  it("rejects an empty-string entry", () => {
    expect(onlyError(withActions([""])).message).toBe('Entry 1 of "actions" in statement 2 is an empty string');
  });

  it("rejects entries over 256 characters but accepts exactly 256", () => {
    expect(parsePolicy([{ ...valid, resources: [`proj/${"x".repeat(251)}`] }]).ok).toBe(true);
    expect(onlyError([{ ...valid, resources: [`proj/${"x".repeat(252)}`] }])).toEqual({
      statement: 0,
      field: "resources",
      message: 'Entry 1 of "resources" in statement 1 is 257 characters long; at most 256 are allowed',
    });
  });

  it("rejects entries containing control characters", () => {
    for (const bad of ["proj/a\nb", "proj/a\u0000", "proj/\u007f", "proj/\u0085"]) {
      expect(onlyError([{ ...valid, resources: [bad] }])).toEqual({
        statement: 0,
        field: "resources",
        message: 'Entry 1 of "resources" in statement 1 contains a control character',
      });
    }
  });
});

describe("parsePolicy: action and resource names", () => {
  it("rejects an unknown action, suggesting the closest known one", () => {
    expect(onlyError([{ ...valid, actions: ["creatAccessToken"] }])).toEqual({
      statement: 0,
      field: "actions",
      message: 'Unknown action "creatAccessToken" in statement 1; did you mean "createAccessToken"?',
    });
  });

  it("treats action names case-sensitively", () => {
    expect(onlyError([{ ...valid, actions: ["CreateProject"] }]).message).toBe(
      'Unknown action "CreateProject" in statement 1; did you mean "createProject"?',
    );
  });

  it("suggests nothing when no known action is within three edits", () => {
    expect(onlyError([{ ...valid, actions: ["readFlags"] }]).message).toBe(
      'Unknown action "readFlags" in statement 1',
    );
  });

  it("checks notActions as strictly as actions", () => {
    const error = onlyError([{ effect: "deny", notActions: ["deleteProjet"], resources: ["*"] }]);
    expect(error.field).toBe("notActions");
    expect(error.message).toContain('did you mean "deleteProject"?');
  });

  it("accepts action globs that match a known action and rejects ones that match none", () => {
    expect(parsePolicy([{ ...valid, actions: ["*AccessToken*", "update*", "*"] }]).ok).toBe(true);
    expect(onlyError([{ ...valid, actions: ["udpate*"] }])).toEqual({
      statement: 0,
      field: "actions",
      message: 'Action pattern "udpate*" in statement 1 matches no known action',
    });
  });

  it("rejects resources that are not *, acct or a known kind, suggesting the closest kind", () => {
    const rule = 'a resource must be "*", "acct" or start with a kind such as proj/, member/, role/ or service-token/';
    const expected: Record<string, string> = {
      "project/web": '; did you mean "proj"?',
      "**": "",
      "Proj/web": '; did you mean "proj"?',
      "members/m1": '; did you mean "member"?',
      proj: "",
      "/proj/web": "",
      "acct/main": "",
      "flag/*": '; "flag" is scoped within another kind, as in proj/*:env/*:flag/* or member/*:token/*',
    };
    for (const [bad, suggestion] of Object.entries(expected)) {
      expect(onlyError([{ ...valid, resources: [bad] }])).toEqual({
        statement: 0,
        field: "resources",
        message: `Unknown resource ${JSON.stringify(bad)} in statement 1; ${rule}${suggestion}`,
      });
    }
  });
});
