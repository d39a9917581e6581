import { describe, expect, it } from "vitest";
import { parsePolicy } from "./validate";
import { errorsOf, onlyError, valid } from "./validate-test-helpers";

describe("parsePolicy: accepted policies", () => {
  it("accepts every combination of the four list fields and returns the statements", () => {
    const input = [
      valid,
      { effect: "deny", notActions: ["delete*"], resources: ["*"] },
      { effect: "allow", actions: ["*"], notResources: ["member/*:token/*", "service-token/*", "role/*"] },
    ];
    expect(parsePolicy(input)).toEqual({ ok: true, policy: input });
  });

  it("accepts every resource kind and glob", () => {
    const resources = ["*", "proj/*", "member/m1", "member/*:token/*", "service-token/ci", "role/ops"];
    expect(parsePolicy([{ ...valid, resources }]).ok).toBe(true);
  });

  it("drops nothing and adds nothing: the result is a copy the caller cannot mutate through", () => {
    const input = [{ ...valid, actions: ["createProject"] }];
    const result = parsePolicy(input);
    if (!result.ok) throw new Error("expected ok");
    input[0]!.actions.push("deleteProject");
    expect(result.policy[0]?.actions).toEqual(["createProject"]);
  });
});

describe("parsePolicy: whole-policy errors", () => {
  it("rejects a non-array", () => {
    expect(onlyError({ statements: [] })).toEqual({
      statement: null,
      field: null,
      message: "A policy must be an array of statements, not an object",
    });
  });

  it("rejects an empty array", () => {
    expect(onlyError([]).message).toBe("A policy must contain at least one statement");
  });

  it("rejects more than 50 statements but accepts exactly 50", () => {
    expect(parsePolicy(Array(50).fill(valid)).ok).toBe(true);
    expect(onlyError(Array(51).fill(valid))).toEqual({
      statement: null,
      field: null,
      message: "A policy may contain at most 50 statements; this one has 51",
    });
  });
});

describe("parsePolicy: statement errors", () => {
  it("rejects a statement that is not an object, numbering statements from 1 in messages", () => {
    expect(onlyError([valid, ["allow"]])).toEqual({
      statement: 1,
      field: null,
      message: 'Statement 2 must be an object with "effect", "actions" and "resources", not an array',
    });
    expect(onlyError([null]).message).toMatch(/^Statement 1 must be an object.*not null$/);
  });

  it("reports holes in a sparse array as non-objects", () => {
    const sparse = [valid, , valid];
    expect(onlyError(sparse).statement).toBe(1);
  });

  it("rejects a missing effect", () => {
    const rest: Record<string, unknown> = { ...valid };
    delete rest.effect;
    expect(onlyError([rest])).toEqual({
      statement: 0,
      field: "effect",
      message: 'Statement 1 is missing "effect" ("allow" or "deny")',
    });
  });

  it("rejects an effect other than exactly allow or deny", () => {
    expect(onlyError([{ ...valid, effect: "Allow" }])).toEqual({
      statement: 0,
      field: "effect",
      message: '"effect" in statement 1 must be "allow" or "deny", not "Allow"',
    });
    expect(onlyError([{ ...valid, effect: true }]).message).toContain("not boolean true");
  });

  it("rejects both actions and notActions", () => {
    expect(onlyError([{ ...valid, notActions: ["deleteRole"] }])).toEqual({
      statement: 0,
      field: "actions",
      message: 'Statement 1 has both "actions" and "notActions"; use only one',
    });
  });

  it("rejects neither actions nor notActions", () => {
    expect(onlyError([{ effect: "allow", resources: ["*"] }])).toEqual({
      statement: 0,
      field: "actions",
      message: 'Statement 1 needs either "actions" or "notActions"',
    });
  });

  it("rejects both resources and notResources", () => {
    expect(onlyError([{ ...valid, notResources: ["proj/x"] }])).toEqual({
      statement: 0,
      field: "resources",
      message: 'Statement 1 has both "resources" and "notResources"; use only one',
    });
  });

  it("rejects neither resources nor notResources", () => {
    expect(onlyError([{ effect: "deny", notActions: ["*"] }])).toEqual({
      statement: 0,
      field: "resources",
      message: 'Statement 1 needs either "resources" or "notResources"',
    });
  });

  it("rejects unknown fields by name, suggesting the intended one", () => {
    expect(onlyError([{ ...valid, Condition: {} }])).toEqual({
      statement: 0,
      field: "Condition",
      message: 'Unknown field "Condition" in statement 1',
    });
    const errors = errorsOf([{ effect: "allow", actions: ["*"], resource: ["*"] }]);
    expect(errors).toContainEqual({
      statement: 0,
      field: "resource",
      message: 'Unknown field "resource" in statement 1; did you mean "resources"?',
    });
    expect(errors).toContainEqual(expect.objectContaining({ field: "resources" }));
  });

  it("rejects __proto__ as an unknown field instead of letting it through", () => {
    const input = JSON.parse('[{"effect":"allow","actions":["*"],"resources":["*"],"__proto__":{"x":1}}]');
    expect(onlyError(input).field).toBe("__proto__");
  });

  it("reports every error in every statement, each with its own index", () => {
    const errors = errorsOf([valid, { effect: "maybe", actions: [], resources: ["*"] }, { ...valid, resources: 3 }]);
    expect(errors.map((e) => [e.statement, e.field])).toEqual([
      [1, "effect"],
      [1, "actions"],
      [2, "resources"],
    ]);
  });
});
