import { describe, expect, it } from "vitest";
import { parsePolicy } from "./validate";

// Messages quote what they refuse, and are shown in forms and API errors: a value shaped like
// an access token is named, never repeated (the browser's editor cannot verify the checksum, so
// the shape alone decides).
const tokenShaped = `api-${"a1B2c3D4e5".repeat(3)}XYZ789`;

describe("policy messages and secrets", () => {
  it("never quotes a token-shaped action, resource, field name or effect", () => {
    const cases = [
      [{ effect: "allow", actions: [tokenShaped], resources: ["*"] }],
      [{ effect: "allow", actions: ["*"], resources: [tokenShaped] }],
      [{ effect: "allow", actions: ["*"], resources: ["*"], [tokenShaped]: 1 }],
      [{ effect: tokenShaped, actions: ["*"], resources: ["*"] }],
    ];
    for (const policy of cases) {
      const result = parsePolicy(policy);
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result);
      expect(text).not.toContain(tokenShaped.slice(4, 20));
      expect(text).toContain("looks like an access token");
    }
  });
});
