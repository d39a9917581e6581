import { isWellFormedToken } from "./format";

// Overlapping candidates: "api-api-<36 chars>" must still find the real token at offset 4.
const CANDIDATE = /(?=(api-[0-9A-Za-z]{36}))/g;

/**
 * Whether a text contains a real token secret (checksum and all), as a secret scanner would
 * flag it. The checksum keeps ordinary words that merely start with "api-" from matching.
 */
export function containsTokenSecret(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    if (isWellFormedToken(match[1])) return true;
  }
  return false;
}
