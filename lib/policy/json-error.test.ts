import { describe, expect, it } from "vitest";
import { lineAndColumn, locateJsonError } from "./json-error";

// Where Node reports the error: its stated position, or the end for "Unexpected end".
function v8Position(text: string): number | "unstated" {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const match = /at position (\d+)/.exec(message);
    if (match) return Number(match[1]);
    return /Unexpected end/.test(message) ? text.length : "unstated";
  }
  throw new Error(`expected ${JSON.stringify(text)} to be invalid JSON`);
}

describe("locateJsonError", () => {
  it("finds nothing wrong with valid JSON of every kind", () => {
    for (const text of ['[{"a": [1, -2.5e+3, true, false, null, "x\\n\\u00e9"]}, {}, []]', " 0 ", '"s"', "{}"]) {
      expect(locateJsonError(text)).toBeNull();
    }
  });

  it("agrees with V8 wherever V8 states a position or runs off the end", () => {
    const broken = [
      '{"a" 1}', "[1 2]", "[01]", '{"a":1}}', '["a\nb"]', "[1,", "", "tru", "[-]", '{"a":1,}', "[1,]",
      '["\\x"]', '["\\u12G4"]', "[nul]", "{1:2}", '{"a":1 "b":2}', "[1.]", "[1e]", "[1e+]", "[-01]", "[1.5x]", "]",
    ];
    for (const text of broken) {
      const expected = v8Position(text);
      if (expected !== "unstated") expect(locateJsonError(text), text).toBe(expected);
    }
  });

  it("pins the errors Node 20 reports without any position", () => {
    expect(locateJsonError('[{"effect": }]')).toBe(12);
    expect(locateJsonError('[\n  {"actions" ["*"]}]')).toBe(15);
    expect(locateJsonError("[1, @]")).toBe(4);
  });

  it("copes with nesting far deeper than the call stack allows", () => {
    const depth = 200_000;
    expect(locateJsonError("[".repeat(depth) + "]".repeat(depth))).toBeNull();
    expect(locateJsonError("[".repeat(depth) + "}")).toBe(depth);
  });
});

describe("lineAndColumn", () => {
  it("numbers lines and columns from 1", () => {
    expect(lineAndColumn("abc", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("abc\ndef", 5)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("abc\r\ndef", 5)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn("ab\n", 3)).toEqual({ line: 2, column: 1 });
  });
});
