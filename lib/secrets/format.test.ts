import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  TOKEN_LENGTH,
  TOKEN_PREFIX,
  checksumOf,
  extractToken,
  generateTokenSecret,
  hashTokenSecret,
  isWellFormedToken,
  obscureToken,
  tokenEnding,
} from "./format";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SHAPE = /^api-[0-9A-Za-z]{36}$/;

function generateMany(count: number): string[] {
  return Array.from({ length: count }, () => generateTokenSecret());
}

/** The 30 random characters between the prefix and the checksum. */
function bodyOf(token: string): string {
  return token.slice(TOKEN_PREFIX.length, TOKEN_LENGTH - 6);
}

describe("constants", () => {
  it("a token is 'api-' + 30 body chars + 6 checksum chars", () => {
    expect(TOKEN_PREFIX).toBe("api-");
    expect(TOKEN_LENGTH).toBe(40);
  });
});

describe("generateTokenSecret", () => {
  it("produces 40-character base62 tokens with the api- prefix that pass validation", () => {
    for (const token of generateMany(200)) {
      expect(token).toHaveLength(40);
      expect(token.startsWith("api-")).toBe(true);
      expect(token).toMatch(SHAPE);
      expect(isWellFormedToken(token)).toBe(true);
    }
  });

  it("ends with the checksum of everything before it", () => {
    const token = generateTokenSecret();
    expect(token.slice(34)).toBe(checksumOf(token.slice(0, 34)));
  });

  it("never repeats across 1,000 tokens", () => {
    const tokens = generateMany(1000);
    expect(new Set(tokens).size).toBe(1000);
    expect(new Set(tokens.map(bodyOf)).size).toBe(1000);
  });

  it("uses every base62 character in the random body", () => {
    // 300 tokens * 30 chars = 9,000 draws, ~145 expected per character.
    const seen = new Set(generateMany(300).map(bodyOf).join(""));
    for (const ch of ALPHABET) expect(seen.has(ch), `character ${ch} never generated`).toBe(true);
  });

  it("is unbiased: the first 8 alphabet characters are not over-represented (no naive byte % 62)", () => {
    // With `byte % 62` over 0..255, characters 0-7 would have 5/256 odds versus 4/256 for the
    // rest, a 25% excess. With rejection sampling the ratio is ~1.00 (sd ~0.015 at this size).
    const counts = new Map<string, number>();
    for (const ch of generateMany(2000).map(bodyOf).join("")) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const mean = (chars: string) =>
      [...chars].reduce((sum, ch) => sum + (counts.get(ch) ?? 0), 0) / chars.length;
    const ratio = mean(ALPHABET.slice(0, 8)) / mean(ALPHABET.slice(8));
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });
});

describe("checksumOf", () => {
  it("is CRC32 encoded as 6 base62 characters (check value of '123456789' is 0xCBF43926)", () => {
    // 0xCBF43926 = 3421780262 = 3*62^5 + 45*62^4 + 35*62^3 + 27*62^2 + 22*62 + 14
    // digits 3, 45, 35, 27, 22, 14 -> "3", "j", "Z", "R", "M", "E"
    expect(3 * 62 ** 5 + 45 * 62 ** 4 + 35 * 62 ** 3 + 27 * 62 ** 2 + 22 * 62 + 14).toBe(0xcbf43926);
    expect(checksumOf("123456789")).toBe("3jZRME");
  });

  it("left-pads small values with '0' to a fixed width of 6", () => {
    // CRC32 of the empty input is 0.
    expect(checksumOf("")).toBe("000000");
  });

  it("is always 6 base62 characters", () => {
    for (let i = 0; i < 500; i++) {
      expect(checksumOf(`api-${i}`)).toMatch(/^[0-9A-Za-z]{6}$/);
    }
  });
});

describe("isWellFormedToken", () => {
  it("rejects any single-character substitution, at every position, with every other base62 character", () => {
    for (const token of generateMany(5)) {
      for (let pos = 0; pos < token.length; pos++) {
        for (const ch of ALPHABET) {
          if (ch === token[pos]) continue;
          const mutated = token.slice(0, pos) + ch + token.slice(pos + 1);
          if (isWellFormedToken(mutated)) {
            throw new Error(`substitution at position ${pos} was accepted`);
          }
        }
      }
    }
  });

  it("rejects adjacent transpositions in the body and checksum", () => {
    const token = generateTokenSecret();
    for (let pos = 4; pos < token.length - 1; pos++) {
      if (token[pos] === token[pos + 1]) continue;
      const swapped = token.slice(0, pos) + token[pos + 1] + token[pos] + token.slice(pos + 2);
      expect(isWellFormedToken(swapped), `swap at ${pos}`).toBe(false);
    }
  });

  it("rejects wrong lengths, even with a correct checksum for the shorter/longer string", () => {
    const token = generateTokenSecret();
    expect(isWellFormedToken(token.slice(0, 39))).toBe(false);
    expect(isWellFormedToken(token + "A")).toBe(false);
    const shortBody = "api-" + "a".repeat(29);
    expect(isWellFormedToken(shortBody + checksumOf(shortBody))).toBe(false);
    const longBody = "api-" + "a".repeat(31);
    expect(isWellFormedToken(longBody + checksumOf(longBody))).toBe(false);
  });

  it("rejects a different prefix even when the checksum is recomputed", () => {
    for (const prefix of ["API-", "apj-", "api_", "ap1-", "key-"]) {
      const body = prefix + "b".repeat(30);
      expect(isWellFormedToken(body + checksumOf(body)), prefix).toBe(false);
    }
  });

  it("rejects non-base62 characters even when the checksum is recomputed", () => {
    for (const bad of ["-", "_", "+", "/", "=", " ", "é", "\u0000"]) {
      const body = "api-" + "c".repeat(29) + bad;
      expect(isWellFormedToken(body + checksumOf(body)), JSON.stringify(bad)).toBe(false);
    }
  });

  it("rejects surrounding whitespace (extractToken trims; validation does not)", () => {
    const token = generateTokenSecret();
    expect(isWellFormedToken(` ${token}`)).toBe(false);
    expect(isWellFormedToken(`${token}\n`)).toBe(false);
  });

  it("rejects the empty string and non-strings without throwing", () => {
    const inputs: unknown[] = [
      "",
      undefined,
      null,
      0,
      40,
      true,
      {},
      [],
      Symbol("x"),
      10n,
      { length: 40, startsWith: () => true },
      new String(generateTokenSecret()), // a String object is not a string
    ];
    for (const input of inputs) {
      expect(() => isWellFormedToken(input)).not.toThrow();
      expect(isWellFormedToken(input)).toBe(false);
    }
  });

  it("rejects a very long string cheaply", () => {
    expect(isWellFormedToken("api-" + "a".repeat(1_000_000))).toBe(false);
  });
});

describe("extractToken", () => {
  const token = generateTokenSecret();

  it("accepts a bare token", () => {
    expect(extractToken(token)).toBe(token);
  });

  it("accepts 'Bearer <token>' with any capitalisation of the scheme", () => {
    expect(extractToken(`Bearer ${token}`)).toBe(token);
    expect(extractToken(`bearer ${token}`)).toBe(token);
    expect(extractToken(`BEARER ${token}`)).toBe(token);
    expect(extractToken(`bEaReR ${token}`)).toBe(token);
  });

  it("trims surrounding whitespace and tolerates extra space after the scheme", () => {
    expect(extractToken(`  ${token}\t`)).toBe(token);
    expect(extractToken(`  Bearer    ${token}  \n`)).toBe(token);
    expect(extractToken(`Bearer\t${token}`)).toBe(token);
  });

  it("returns null for missing or empty headers", () => {
    expect(extractToken(null)).toBeNull();
    expect(extractToken(undefined)).toBeNull();
    expect(extractToken("")).toBeNull();
    expect(extractToken("   ")).toBeNull();
    expect(extractToken("Bearer")).toBeNull();
    expect(extractToken("Bearer   ")).toBeNull();
  });

  it("does not validate: it returns whatever candidate was given", () => {
    expect(extractToken("Bearer not-a-token")).toBe("not-a-token");
    expect(extractToken("garbage")).toBe("garbage");
  });

  it("does not strip a 'Bearer' that is not followed by whitespace", () => {
    expect(extractToken(`Bearer${token}`)).toBe(`Bearer${token}`);
  });
});

describe("hashTokenSecret", () => {
  it("is 64 lowercase hex characters (SHA-256)", () => {
    expect(hashTokenSecret(generateTokenSecret())).toMatch(/^[0-9a-f]{64}$/);
  });

  it("matches the SHA-256 of the secret's UTF-8 bytes", () => {
    const token = generateTokenSecret();
    expect(hashTokenSecret(token)).toBe(createHash("sha256").update(Buffer.from(token, "utf8")).digest("hex"));
    // Known vector: SHA-256("abc").
    expect(hashTokenSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("is deterministic, so a presented token can be looked up by its hash", () => {
    const token = generateTokenSecret();
    expect(hashTokenSecret(token)).toBe(hashTokenSecret(token));
  });

  it("differs for different tokens", () => {
    const hashes = new Set(generateMany(200).map(hashTokenSecret));
    expect(hashes.size).toBe(200);
  });

  it("does not contain the secret", () => {
    const token = generateTokenSecret();
    expect(hashTokenSecret(token)).not.toContain(bodyOf(token));
  });
});

describe("tokenEnding and obscureToken", () => {
  it("tokenEnding is the last four characters", () => {
    const token = generateTokenSecret();
    expect(tokenEnding(token)).toBe(token.slice(36));
    expect(tokenEnding(token)).toHaveLength(4);
    expect(tokenEnding("api-abcdefghijklmnopqrstuvwxyz0123WXYZ")).toBe("WXYZ");
  });

  it("obscureToken shows the prefix, a real ellipsis (U+2026) and the ending", () => {
    expect(obscureToken("WXYZ")).toBe("api-\u2026WXYZ");
    expect(obscureToken("WXYZ")).toBe("api-…WXYZ");
    expect(obscureToken("WXYZ")).not.toContain("...");
    const token = generateTokenSecret();
    expect(obscureToken(tokenEnding(token))).toBe(`api-…${token.slice(-4)}`);
  });
});
