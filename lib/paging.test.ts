import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./paging";

describe("keyset cursors", () => {
  it("give back exactly the position they were made from, beyond a number's exact range", () => {
    const cursor = { at: "17651234567890123", id: "0123456789abcdef01234567" };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it("refuse anything else", () => {
    const valid = encodeCursor({ at: "1", id: "a".repeat(24) });
    for (const text of ["", "abc", valid + "=", valid.slice(1), "A".repeat(65), Buffer.from(`-1.${"a".repeat(24)}`).toString("base64url"), Buffer.from(`1.${"A".repeat(24)}`).toString("base64url"), Buffer.from(`1.${"a".repeat(25)}`).toString("base64url"), Buffer.from(`${"1".repeat(18)}.${"a".repeat(24)}`).toString("base64url")]) {
      expect(decodeCursor(text), text).toBeNull();
    }
  });
});
