// Who is calling, for every door. Two entry points: this one, with no Next imports (server.ts,
// the REST API, tests), and require-actor.ts for pages and server actions (it reads the request's
// cookies through next-auth). Sign-in: sign-in.ts and options.ts; the API's tokens:
// authenticate.ts → lookup.ts (the one query) → cache.ts (the cache and what keeps it exact).
export { loadSessionMember, type CurrentMember } from "./session-member";
export { loadMemberActor } from "../access";
export { tokenActor, tokenPolicyOf, type StoredTokenPermission } from "./actor";
export { authenticateApiToken, refusalReason } from "./authenticate";
export type { ApiCaller } from "./lookup";
export { authCacheStatus } from "./cache";
export { CLIENT_IP_HEADER, clientAddress, clientIpFrom, overwriteClientIp } from "./client-ip";
export { allowedHostNames, isAllowedHost, LOOPBACK_HOST_NAMES } from "./allowed-hosts";
export { isCrossOriginWrite } from "./same-origin";
export { authSecret } from "./secret";
export { SIGN_IN_FAILURE_LIMIT, SIGN_IN_WINDOW_SECONDS, signInWithPassword, type SignInResult } from "./sign-in";
export {
  endOtherOwnSessions,
  endOwnSession,
  endSessionBySecret,
  hashSessionSecret,
  LAST_SEEN_RESOLUTION_MS,
  listOwnSessions,
  sessionLive,
  startSession,
  type SessionView,
} from "./sessions";
export { AUTH_SECRET_FILE, authSecretProblem } from "./secret";
export { safeCallbackPath } from "./callback-url";
export { describeUserAgent } from "./user-agent";
