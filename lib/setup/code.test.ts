import { describe, expect, it } from "vitest";
import { generateSetupCode, hashSetupCode, normalizeSetupCode, SETUP_CODE_MAX_LENGTH, setupCodeMatches } from "./code";

describe("the setup code", () => {
  it("is four groups of four base32 characters without look-alike letters, different every time", () => {
    const codes = new Set(Array.from({ length: 50 }, generateSetupCode));
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it("matches its own hash however it is typed: case, spaces, hyphens and look-alike letters aside", () => {
    const code = "7K3M-Q9TX-0A1B-ZZ10";
    const stored = [hashSetupCode(code)];
    for (const typed of [code, code.toLowerCase(), "7K3MQ9TX0A1BZZ10", " 7k3m q9tx 0a1b zz10 ", "7K3M-Q9TX-OA1B-ZZIO", "7k3m-q9tx-0alb-zzl0"]) {
      expect(setupCodeMatches(typed, stored), typed).toBe(true);
    }
    expect(normalizeSetupCode("ab-cd ef")).toBe("ABCDEF");
  });

  it("refuses any other code, an empty one and one too long to be a code", () => {
    const stored = [hashSetupCode("7K3M-Q9TX-0A1B-ZZ10")];
    for (const typed of ["7K3M-Q9TX-0A1B-ZZ11", "7K3M-Q9TX-0A1B", "", "7".repeat(SETUP_CODE_MAX_LENGTH + 1)]) {
      expect(setupCodeMatches(typed, stored), typed).toBe(false);
    }
    expect(setupCodeMatches("7K3M-Q9TX-0A1B-ZZ10", [])).toBe(false);
  });

  it("accepts any of several stored codes (one per instance sharing the database) and ignores malformed hashes", () => {
    const stored = ["not-hex", hashSetupCode("AAAA-BBBB-CCCC-DDDD"), hashSetupCode("EEEE-FFFF-GGGG-HHHH")];
    expect(setupCodeMatches("eeee-ffff-gggg-hhhh", stored)).toBe(true);
    expect(setupCodeMatches("AAAA-BBBB-CCCC-DDDD", stored)).toBe(true);
    expect(setupCodeMatches("AAAA-BBBB-CCCC-DDDE", stored)).toBe(false);
  });

  it("keeps only a hash, which is not the code in any spelling", () => {
    const code = generateSetupCode();
    const hash = hashSetupCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(normalizeSetupCode(code).toLowerCase());
  });
});
