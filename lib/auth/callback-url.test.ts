import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from "./callback-url";

const ORIGIN = "http://localhost:3000";

describe("where sign-in may lead (callbackUrl)", () => {
  it("keeps paths of this origin, with their query and fragment", () => {
    expect(safeCallbackPath("/settings/members", ORIGIN)).toBe("/settings/members");
    expect(safeCallbackPath("/settings/history?action=tokenCreated#top", ORIGIN)).toBe("/settings/history?action=tokenCreated#top");
    expect(safeCallbackPath("/settings/members?search=a%20b", ORIGIN)).toBe("/settings/members?search=a%20b");
    expect(safeCallbackPath("/", ORIGIN)).toBe("/");
  });

  it("reduces an absolute URL of this very origin to its path", () => {
    expect(safeCallbackPath("http://localhost:3000/settings/roles", ORIGIN)).toBe("/settings/roles");
    expect(safeCallbackPath("https://tokens.example.com/settings/roles?x=1", "https://tokens.example.com")).toBe("/settings/roles?x=1");
  });

  const refused = [
    // Other hosts, written out.
    "https://evil.example", "http://evil.example/settings/authorization", "//evil.example", "///evil.example", "////evil.example/x",
    "http://localhost:3001/settings", "https://localhost:3000/settings", "http://localhost:3000@evil.example/",
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "mailto:a@evil.example", "evil.example", "settings/members",
    // Backslashes, which browsers read as slashes.
    "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "\\/evil.example", "/settings\\..\\..\\evil",
    // Tabs and newlines, which browsers drop.
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", " //evil.example",
    // The same, percent-encoded once, twice, in mixed case, and mixed with plain characters.
    "/%09/evil.example", "/%0a/evil.example", "/%0D%0A/evil.example", "/%2F/evil.example", "/%2f%2fevil.example",
    "%2F%2Fevil.example", "/%5Cevil.example", "/%5cevil.example", "/%255Cevil.example", "/%2509/evil.example",
    "/%252F%252Fevil.example", "%2fsettings", "/\\%2Fevil.example", "/%09%2F%5Cevil.example",
    // Undecodable percent-escapes and absurd lengths.
    "/%E0%A4%A/x", "/%", `/${"a".repeat(3000)}`,
  ];
  for (const value of refused) {
    it(`sends ${JSON.stringify(value).slice(0, 60)} to the default page`, () => {
      expect(safeCallbackPath(value, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
    });
  }

  it("sends anything that is not text, or empty, to the default page", () => {
    for (const value of [undefined, null, 42, {}, [], ""]) expect(safeCallbackPath(value, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("never leads off this origin, whatever the input (every answer is a path here)", () => {
    for (const value of refused) expect(new URL(safeCallbackPath(value, ORIGIN), ORIGIN).origin).toBe(ORIGIN);
  });
});
