// Token secret format. Pure and dependency-free (only node:crypto and node:zlib) so the API
// server bundle, Next.js server code and tests can all share it.
//
// Shape: "api-" + 30 base62 body chars + 6 base62 checksum chars = 40 chars.
// The fixed prefix and length let secret scanners (GitHub, gitleaks, ...) recognise a leaked
// token with few false positives, and the checksum lets them — and us — tell a real token from
// a random 40-char string without a database round trip.
import { hash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

export const TOKEN_PREFIX = "api-";
export const TOKEN_LENGTH = 40;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// 30 chars * log2(62) ≈ 178.6 bits of entropy: far beyond brute force, so a fast unsalted hash
// is enough for storage (the secret is not a low-entropy password).
const BODY_LENGTH = 30;
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32, so any CRC32 fits
// 248 = 4 * 62 is the largest multiple of 62 that fits in a byte. Taking `byte % 62` over the
// full 0..255 range would make the first 8 alphabet characters 25% more likely than the rest;
// discarding bytes >= 248 keeps every character exactly equally likely.
const REJECTION_THRESHOLD = 248;

const WELL_FORMED = /^api-[0-9A-Za-z]{36}$/;

export function generateTokenSecret(): string {
  let body = "";
  while (body.length < BODY_LENGTH) {
    // Over-draw so one call to the CSPRNG almost always suffices (~3% of bytes are rejected).
    const bytes = randomBytes(BODY_LENGTH * 2);
    for (const byte of bytes) {
      if (byte >= REJECTION_THRESHOLD) continue;
      body += BASE62.charAt(byte % 62);
      if (body.length === BODY_LENGTH) break;
    }
  }
  const prefixAndBody = TOKEN_PREFIX + body;
  return prefixAndBody + checksumOf(prefixAndBody);
}

export function checksumOf(prefixAndBody: string): string {
  // CRC32 is not a security control (anyone can compute it); it only catches typos, truncation
  // and random guesses. A CRC detects every single-character substitution in a string this
  // short, which is what makes "reject before the database" safe.
  let value = crc32(prefixAndBody); // a string is read as UTF-8
  let encoded = "";
  while (value > 0) {
    encoded = BASE62.charAt(value % 62) + encoded;
    value = Math.floor(value / 62);
  }
  // Fixed width keeps the token length constant, and a unique encoding per value means a plain
  // string comparison suffices.
  return encoded.padStart(CHECKSUM_LENGTH, "0");
}

export function isWellFormedToken(value: unknown): boolean {
  // Called on every authenticated request with attacker-controlled input, before any database
  // lookup: garbage, mistyped and forged-looking values are turned away here so they cost a
  // regex and a CRC rather than a query. Nothing here throws, and nothing echoes the input.
  if (typeof value !== "string") return false;
  if (value.length !== TOKEN_LENGTH) return false;
  if (!WELL_FORMED.test(value)) return false;
  const split = TOKEN_LENGTH - CHECKSUM_LENGTH;
  return checksumOf(value.slice(0, split)) === value.slice(split);
}

export function extractToken(authorizationHeader: string | null | undefined): string | null {
  // Accepting the bare token as well as "Bearer <token>" matches what curl users paste in
  // practice; validation is left to isWellFormedToken so there is a single place for the rules.
  if (typeof authorizationHeader !== "string") return null;
  const trimmed = authorizationHeader.trim();
  if (trimmed === "") return null;
  const scheme = /^bearer(?:\s+|$)/i.exec(trimmed);
  const candidate = scheme ? trimmed.slice(scheme[0].length).trim() : trimmed;
  return candidate === "" ? null : candidate;
}

export function hashTokenSecret(secret: string): string {
  // Only this hash is stored, so a database leak does not leak usable credentials. No salt or
  // slow KDF is needed: with ~178 bits of randomness there is nothing to dictionary-attack, and
  // a deterministic hash lets us look a token up by an indexed equality match.
  // The one-shot form: this runs on every API request (see docs/benchmarks.md).
  return hash("sha256", secret, "hex");
}

export function tokenEnding(secret: string): string {
  // The last four characters are stored so people can tell their tokens apart in the UI. They
  // are checksum characters: at most ~24 bits of information about the body, leaving ~155 bits
  // unknown, so storing them does not weaken the secret in practice.
  return secret.slice(-4);
}

export function obscureToken(ending: string): string {
  return `${TOKEN_PREFIX}\u2026${ending}`;
}
