// LD-API-Version: which LaunchDarkly API version a request is answered in, and how routes ask
// about it. Authentication reads the header (or the token's default) once; routes whose answer
// LaunchDarkly changed between versions ask `servesVersion`.
import { API_VERSIONS, CURRENT_API_VERSION, isApiVersion, type ApiVersion } from "../tokens";
import type { ApiContext } from "./context";

/** LaunchDarkly's name for "the current version, with beta resources too". */
export const BETA_API_VERSION = "beta";

export const UNKNOWN_API_VERSION_MESSAGE = `Unknown LD-API-Version; supported: ${API_VERSIONS.join(", ")} or ${BETA_API_VERSION}`;

/**
 * An LD-API-Version header read: a supported date (answered in that version), or `beta`
 * (answered in the current version; Tollgate has no beta resources), with what the response
 * echoes. Anything else is null: the caller's mistake.
 */
export function parseApiVersionHeader(value: string): { version: ApiVersion; echo: string } | null {
  const text = value.trim();
  if (text.toLowerCase() === BETA_API_VERSION) return { version: CURRENT_API_VERSION, echo: BETA_API_VERSION };
  const version = /^\d{8}$/.test(text) ? Number(text) : NaN;
  return isApiVersion(version) ? { version, echo: String(version) } : null;
}

/**
 * Whether this request is answered in `version` or a later one: how a route keeps an answer
 * LaunchDarkly changed at `version` (e.g. `servesVersion(c, 20240415)` for the paginated token list).
 */
export function servesVersion(c: ApiContext, version: ApiVersion): boolean {
  return c.get("apiVersion") >= version;
}
