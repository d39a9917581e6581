// How secrets are made, stored and recognised: token secrets (their format, checksum and SHA-256),
// finding a pasted one in any text, and password hashes (scrypt). Secrets themselves never leave
// the function that hands them over: only hashes and endings are stored.
export {
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
export { containsTokenSecret } from "./secret-scan";
export { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";
