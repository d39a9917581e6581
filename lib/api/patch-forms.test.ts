import { describe, expect, it } from "vitest";
import { applyUpdateBody, mergePatch } from "./patch-forms";

const doc = { name: "Role", description: "Old", nested: { a: true, b: false } };
const roots = ["/name", "/description", "/nested"];

describe("mergePatch (RFC 7386)", () => {
  it("replaces values, merges objects member by member and removes members set to null", () => {
    expect(mergePatch(doc, { name: "New", nested: { b: true }, description: null })).toEqual({ name: "New", nested: { a: true, b: true } });
  });

  it("replaces the whole document with a patch that is not an object", () => {
    expect(mergePatch(doc, [1])).toEqual([1]);
  });

  it("refuses names that would reach a prototype", () => {
    expect(() => mergePatch(doc, JSON.parse('{"nested":{"__proto__":{"polluted":true}}}'))).toThrow(/cannot be changed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("applyUpdateBody: LaunchDarkly's update forms, told apart by shape", () => {
  it("reads a JSON Patch array, {patch, comment}, {merge, comment} and a bare merge patch alike", () => {
    const forms = [
      [{ op: "replace", path: "/name", value: "New" }],
      { patch: [{ op: "replace", path: "/name", value: "New" }], comment: "why" },
      { merge: { name: "New" }, comment: "why" },
      { name: "New" },
    ];
    for (const form of forms) expect(applyUpdateBody(doc, form, roots).after.name).toBe("New");
    expect(applyUpdateBody(doc, forms[1], roots).comment).toBe("why");
    expect(applyUpdateBody(doc, forms[2], roots).comment).toBe("why");
    expect(applyUpdateBody(doc, forms[3], roots).comment).toBeUndefined();
  });

  it("refuses a merge of a field outside the allowed roots, and a malformed {merge}", () => {
    expect(() => applyUpdateBody(doc, { key: "x" }, roots)).toThrow(/cannot be changed/);
    expect(() => applyUpdateBody(doc, { merge: "text" }, roots)).toThrow(/merge patch with a comment/);
    expect(() => applyUpdateBody(doc, { merge: { name: "x" }, extra: 1 }, roots)).toThrow(/merge patch with a comment/);
  });
});
