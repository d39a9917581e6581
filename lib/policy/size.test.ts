import { describe, expect, it } from "vitest";
import { jsonLongerThan } from "./size";

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe("jsonLongerThan", () => {
  const samples: unknown[] = [
    [{ effect: "allow", actions: ["createProject"], resources: ["proj/*", "proj/é", 'a "quoted"\nline'] }],
    { a: 1, b: [true, false, null, 1.5, -2e30], c: { d: "😀" }, e: undefined },
    [undefined, null, 0, "", [], {}],
    "just text",
    12345,
  ];

  it("measures exactly what JSON.stringify writes, in UTF-8 bytes", () => {
    for (const value of samples) {
      const size = bytes(value);
      expect(jsonLongerThan(value, size), JSON.stringify(value)).toBe(false);
      expect(jsonLongerThan(value, size - 1), JSON.stringify(value)).toBe(true);
    }
  });

  it("stops early on a value far larger than the limit, and copes with deep nesting", () => {
    expect(jsonLongerThan(Array(1_000_000).fill("x"), 1024)).toBe(true);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonLongerThan(deep, 64 * 1024)).toBe(true);
    expect(jsonLongerThan(deep, 1_000_000)).toBe(false);
  });
});
