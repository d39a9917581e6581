import { isDomainError, type DomainErrorKind } from "./domain";
import { isDatabaseUnavailable, isUnstorableInput, UNSTORABLE_INPUT_MESSAGE } from "./driver";

/**
 * What went wrong, in the few classes the doors answer differently. Each door maps a class with
 * one small table (lib/api/errors.ts for the REST API, lib/action-result.ts for server actions),
 * so both doors agree on what an error is and differ only in how they say it.
 */
export type ErrorClass = "invalid" | "forbidden" | "not_found" | "conflict" | "limit" | "unauthenticated" | "unavailable" | "unexpected";

export interface ClassifiedError {
  class: ErrorClass;
  /** Text meant for the caller (a domain error's or the unstorable input's); absent otherwise. */
  message?: string;
  fieldErrors?: Record<string, string>;
}

const CLASS_OF: Record<DomainErrorKind, ErrorClass> = {
  not_found: "not_found",
  forbidden: "forbidden",
  invalid: "invalid",
  conflict: "conflict",
  limit_reached: "limit",
  unauthenticated: "unauthenticated",
};

/** Classifies anything a domain function (or the database under it) threw. */
export function classifyError(error: unknown): ClassifiedError {
  if (isDomainError(error)) {
    return { class: CLASS_OF[error.kind], message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
  }
  if (isUnstorableInput(error)) return { class: "invalid", message: UNSTORABLE_INPUT_MESSAGE };
  if (isDatabaseUnavailable(error)) return { class: "unavailable" };
  return { class: "unexpected" };
}
