import { describe, expect, it } from "vitest";
import { parsePolicyJson } from "./validate";
import { valid } from "./validate-test-helpers";

describe("parsePolicyJson", () => {
  it("parses valid JSON and then validates it", () => {
    expect(parsePolicyJson(JSON.stringify([valid]))).toEqual({ ok: true, policy: [valid] });
    const result = parsePolicyJson('[{"effect":"alow","actions":["*"],"resources":["*"]}]');
    expect(result.ok || result.errors[0]?.field).toBe("effect");
  });

  // V8's wording varies between Node versions, so only our prefix is pinned exactly.
  function jsonError(text: string): string {
    const result = parsePolicyJson(text);
    if (result.ok) throw new Error("expected a JSON error");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ statement: null, field: null });
    return result.errors[0]?.message ?? "";
  }

  it("reports a syntax error at the line and column of V8's reported position", () => {
    const message = jsonError('[\n  {"effect": "allow",\n   "actions": ["*" "x"]}\n]');
    expect(message).toMatch(/^Invalid JSON at line 3, column 20: \S/);
    expect(message).not.toMatch(/position/);
  });

  it("locates syntax errors that V8 reports without a position, dropping V8's snippet", () => {
    const message = jsonError('[\n  {"effect": "allow",\n   "actions" ["*"]}\n]');
    expect(message).toMatch(/^Invalid JSON at line 3, column 14: \S/);
    expect(message).not.toMatch(/is not valid JSON|actions/);
    expect(jsonError('[{"effect": }]')).toMatch(/^Invalid JSON at line 1, column 13: .*'}'/);
  });

  it("locates a trailing comma in an object", () => {
    const text = '[\n  {"effect": "allow", "actions": ["*"], "resources": ["*"],}\n]';
    expect(jsonError(text)).toMatch(/^Invalid JSON at line 2, column 60: /);
  });

  it("puts unexpected end of input just past the last character", () => {
    expect(jsonError("[\n  1,")).toMatch(/^Invalid JSON at line 2, column 5: /);
    expect(jsonError("")).toMatch(/^Invalid JSON at line 1, column 1: /);
  });

  it("refuses text over 64 KB without parsing it, but accepts exactly 64 KB", () => {
    const padded = (size: number) => {
      const body = JSON.stringify([valid]);
      return body + " ".repeat(size - body.length);
    };
    expect(parsePolicyJson(padded(64 * 1024)).ok).toBe(true);
    expect(parsePolicyJson(padded(64 * 1024 + 1))).toEqual({
      ok: false,
      errors: [{ statement: null, field: null, message: "Policy JSON is larger than 64 KB and was not parsed" }],
    });
  });

  it("measures the 64 KB limit in UTF-8 bytes, not characters", () => {
    const body = JSON.stringify([{ ...valid, resources: ["proj/" + "é".repeat(200)] }]);
    const text = body + " ".repeat(64 * 1024 - body.length);
    expect(text.length).toBe(64 * 1024);
    expect(parsePolicyJson(text).ok).toBe(false);
  });
});
