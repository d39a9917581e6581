// The first-run setup code: proof that whoever sets Tollgate up can read its server's log, so
// that reaching a fresh instance's port first is not enough to claim it.
import { createHash, randomInt, timingSafeEqual } from "node:crypto";

// Crockford's base32: no I, L, O or U, so a code read off a terminal is typed back unambiguously.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 4;
const GROUP_LENGTH = 4;
/** Long enough for every code a person might paste, short enough to bound the work. */
export const SETUP_CODE_MAX_LENGTH = 64;

/** 16 characters of base32 (80 random bits), grouped for reading: `7K3M-Q9TX-…`. */
export function generateSetupCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

/**
 * A code as typed, in the one spelling its hash is made of: case, spaces and hyphens do not
 * matter, and the letters Crockford's base32 leaves out are read as the digits they look like.
 */
export function normalizeSetupCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** What the database keeps of a code: its SHA-256, so a dump of it sets nothing up. */
export function hashSetupCode(code: string): string {
  return createHash("sha256").update(normalizeSetupCode(code)).digest("hex");
}

/**
 * Whether `typed` is one of the codes whose hashes are given. Every stored hash is compared, in
 * constant time, whatever matched earlier: how long the check takes says nothing about the code.
 */
export function setupCodeMatches(typed: string, storedHashes: readonly string[]): boolean {
  if (typed.length === 0 || typed.length > SETUP_CODE_MAX_LENGTH) return false;
  const candidate = Buffer.from(hashSetupCode(typed), "hex");
  let matched = false;
  for (const stored of storedHashes) {
    const expected = Buffer.from(stored, "hex");
    if (expected.length === candidate.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}
