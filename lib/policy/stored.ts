import type { Policy } from "./types";
import { parsePolicy } from "./validate";

/**
 * Stored policies were validated when written, but a row edited by hand or written by an older
 * version could still fail to parse. Dropping such a policy would also drop its denies and so
 * widen access; denying everything instead fails closed.
 */
const DENY_ALL: Policy = [{ effect: "deny", actions: ["*"], resources: ["*"] }];

/** A policy read from the database: as stored, or deny-all when it no longer parses. */
export function storedPolicy(stored: unknown): Policy {
  const parsed = parsePolicy(stored);
  return parsed.ok ? parsed.policy : DENY_ALL;
}
