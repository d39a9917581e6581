// How secrets are made, stored and recognised: token secrets (their format, checksum and SHA-256),
// finding a pasted one in any text, and password hashes (scrypt). Secrets themselves never leave
// the function that hands them over: only hashes and endings are stored.
// The token format: TOKEN_PREFIX, TOKEN_LENGTH, generateTokenSecret, checksumOf, isWellFormedToken,
// extractToken, hashTokenSecret, tokenEnding, obscureToken.
export * from "./format";
export { containsTokenSecret } from "./secret-scan";
export { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";
