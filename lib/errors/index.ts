// The domain's one error vocabulary (domain.ts), what the database driver's errors mean
// (driver.ts), and the one classification both doors map (classify.ts).
export { classifyError, type ClassifiedError, type ErrorClass } from "./classify";
export { Conflict, DomainError, Forbidden, Invalid, isDomainError, LimitReached, NotFound, Unauthenticated, type DomainErrorKind } from "./domain";
export { causeChain, errorCode, isDatabaseUnavailable, isRetryable, isUnstorableInput, uniqueViolation, UNSTORABLE_INPUT_MESSAGE, withoutQueryDetails } from "./driver";
