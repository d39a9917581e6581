// Passwords people choose. strength.ts is pure (the forms import it directly, in the browser, for
// the strength meter); the rest runs on the server only.
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE, passwordJudge, passwordProblem, passwordStrength, type PasswordJudge, type PasswordStrength } from "./strength";
export {
  DEAD_LINK_MESSAGE,
  LINK_LIFETIME_MS,
  createPasswordResetLink,
  emailLink,
  issueLink,
  resetPasswordInTransaction,
  revokeLinks,
  type IssuedLink,
  hashLinkToken,
  openLink,
  setPasswordWithLink,
  setPasswordUrl,
  type LinkPurpose,
  type OpenLink,
} from "./links";
export { changeOwnPassword } from "./change";
