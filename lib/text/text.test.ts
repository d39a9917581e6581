import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generateTokenSecret } from "../secrets";
import { characterProblem, checkedText, textProblem } from "./index";

describe("the text rule", () => {
  it("refuses format, separator and other invisible characters", () => {
    const invisible = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2060", "\u2066", "\u2069", "\ufeff", "\u00ad", "\u061c", "\u2028", "\u2029", "\u3164", "\u115f", "\u034f", "\u{e0041}"];
    for (const c of invisible) expect(characterProblem(`a${c}b`), `U+${c.codePointAt(0)!.toString(16)}`).toBe("invisible");
  });

  it("refuses control characters, except line breaks and tabs where text may span lines", () => {
    expect(characterProblem("a\u0007b")).toBe("control");
    expect(characterProblem("a\nb")).toBe("control");
    expect(characterProblem("a\nb\tc", { multiline: true })).toBeNull();
    expect(characterProblem("a\u0085b", { multiline: true })).toBe("control");
  });

  it("accepts ordinary text in any script, and emoji with a variation selector", () => {
    for (const text of ["Déploiement", "配信トークン", "Ελληνικά", "עברית", "❤\ufe0f deploys", "CI / CD: prod-1"]) expect(characterProblem(text), text).toBeNull();
  });

  it("names a pasted secret before anything else, without repeating it", () => {
    const secret = generateTokenSecret();
    const message = textProblem(`ci\u200b${secret}`, { label: "A name" });
    expect(message).toMatch(/^A name contains an access token: a secret was pasted where it does not belong/);
    expect(message).not.toContain(secret);
  });

  it("stores text NFC-normalised", () => {
    expect(checkedText(z.string(), { label: "A name" }).parse("Cafe\u0301")).toBe("Caf\u00e9");
  });
});
