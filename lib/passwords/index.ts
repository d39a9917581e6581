// Passwords people choose: the strength rule (pure; the forms run it in the browser too).
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE, passwordProblem, passwordStrength, type PasswordStrength } from "./strength";
