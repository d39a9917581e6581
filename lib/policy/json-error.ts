// Node 20's JSON.parse reports a position for some syntax errors but not for others
// (e.g. "Unexpected token '}', ... is not valid JSON"). This scanner finds the offset of
// the first error itself so every error can be shown with a line and column.
// It uses an explicit stack, not recursion, so deeply nested input cannot overflow.

/** The largest policy, as JSON, that is parsed or validated at all. */
export const MAX_POLICY_JSON_BYTES = 64 * 1024;

const WHITESPACE = " \t\n\r";

/** Offset of the first JSON syntax error in `text`, or null if `text` is valid JSON. */
export function locateJsonError(text: string): number | null {
  let i = 0;
  const open: ("[" | "{")[] = [];
  // "value?"/"key?" also accept the closing bracket, i.e. right after `[` or `{`.
  let expect: "value" | "value?" | "key" | "key?" | "after" = "value";

  const scanString = (): boolean => {
    i++;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return true;
      }
      if (code < 0x20) return false;
      if (code !== 0x5c) {
        i++;
        continue;
      }
      const escape = text[i + 1];
      if (escape === "u") {
        for (let k = 2; k < 6; k++) {
          if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) {
            i += k; // point at the first bad hex digit, as V8 does
            return false;
          }
        }
        i += 6;
      } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
        i += 2;
      } else {
        i++; // point at the character after the backslash
        return false;
      }
    }
    return false;
  };

  const isDigit = (char: string | undefined) => char !== undefined && char >= "0" && char <= "9";
  const scanDigits = (): boolean => {
    if (!isDigit(text[i])) return false;
    while (isDigit(text[i])) i++;
    return true;
  };
  // A leading zero ends the integer part, so "01" fails at the "1" (after the number).
  const scanNumber = (): boolean => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else if (!scanDigits()) return false;
    if (text[i] === ".") {
      i++;
      if (!scanDigits()) return false;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!scanDigits()) return false;
    }
    return true;
  };

  const scanLiteral = (): boolean => {
    const word = ["true", "false", "null"].find((w) => w[0] === text[i]);
    if (word === undefined) return false;
    for (const char of word) {
      if (text[i] !== char) return false;
      i++;
    }
    return true;
  };

  for (;;) {
    while (i < text.length && WHITESPACE.includes(text[i] as string)) i++;
    const char = text[i];
    if (char === undefined) return expect === "after" && open.length === 0 ? null : i;

    if (expect === "value" || expect === "value?") {
      if (char === "]" && expect === "value?") {
        open.pop();
        i++;
        expect = "after";
      } else if (char === "[" || char === "{") {
        open.push(char);
        i++;
        expect = char === "[" ? "value?" : "key?";
      } else if (char === '"') {
        if (!scanString()) return i;
        expect = "after";
      } else if (char === "-" || (char >= "0" && char <= "9")) {
        if (!scanNumber()) return i;
        expect = "after";
      } else {
        if (!scanLiteral()) return i;
        expect = "after";
      }
    } else if (expect === "key" || expect === "key?") {
      if (char === "}" && expect === "key?") {
        open.pop();
        i++;
        expect = "after";
        continue;
      }
      if (char !== '"' || !scanString()) return i;
      while (i < text.length && WHITESPACE.includes(text[i] as string)) i++;
      if (text[i] !== ":") return i;
      i++;
      expect = "value";
    } else {
      const top = open[open.length - 1];
      if (top === undefined) return i;
      if (char === ",") {
        i++;
        expect = top === "[" ? "value" : "key";
      } else if (char === (top === "[" ? "]" : "}")) {
        open.pop();
        i++;
      } else {
        return i;
      }
    }
  }
}

/** 1-based line and column (in UTF-16 code units) of `offset` within `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: offset - lastBreak };
}

function jsonSyntaxMessage(text: string, message: string): string {
  // Node 20 includes "at position N" for some errors only; locate the rest ourselves.
  const reported = /at position (\d+)/.exec(message);
  const offset = reported ? Number(reported[1]) : (locateJsonError(text) ?? text.length);
  const { line, column } = lineAndColumn(text, Math.min(offset, text.length));
  const detail = message
    .replace(/ in JSON at position \d+[\s\S]*$/, "")
    .replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, "");
  return `Invalid JSON at line ${line}, column ${column}: ${detail}`;
}

// Checking .length first avoids encoding a huge string: UTF-8 bytes never number fewer than UTF-16 code units.
export const policyJsonTooLarge = (text: string) => text.length > MAX_POLICY_JSON_BYTES || new TextEncoder().encode(text).length > MAX_POLICY_JSON_BYTES;
export const POLICY_JSON_TOO_LARGE = `Policy JSON is larger than ${MAX_POLICY_JSON_BYTES / 1024} KB and was not parsed`;

/**
 * A policy editor's text as JSON, not yet a policy: the value, or why it is not JSON (where the
 * syntax breaks, by line and column). The server's forms decode with this, then the domain
 * validates the policy once; the editor itself checks as you type with parsePolicyJson.
 */
export function readPolicyJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { ok: false, message: policyJsonTooLarge(text) ? POLICY_JSON_TOO_LARGE : jsonSyntaxMessage(text, error.message) };
  }
}
