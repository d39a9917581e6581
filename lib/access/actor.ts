import type { BuiltInRole, Policy } from "../policy";

/** What every actor carries, whichever way it came in. */
interface ActorBase {
  accountId: string;
  /** The acting member, or for a token the member who created it. */
  memberId: string;
  /** That member's current built-in role (re-read for every request). */
  memberRole: BuiltInRole;
  /** The member's current effective policy: built-in role + custom roles. */
  memberPolicy: Policy;
  /** For change history: the member's email, or the token's name. */
  displayName: string;
  /** Client address for change history; null when unknown. */
  ip: string | null;
  /** Admins and owners (and tokens acting with their authority) may list every member's tokens. */
  canViewAllTokens: boolean;
}

/** The token a request came in with (lib/auth reads it; every write checks it is still live). */
export interface ActingToken {
  id: string;
  name: string;
  serviceToken: boolean;
  /** The token's own policy (from its role, custom roles or inline policy). */
  policy: Policy;
  /** Built-in role when the token has one; ceilings for minting use it. */
  role: BuiltInRole | null;
  /** The stored secret (its row, never the secret) the request called with: each write checks it is still live. */
  secretId: string;
  /** When the token stops working (null: never); nothing it mints or re-dates may outlive it. */
  expiresAt: Date | null;
}

/** A member signed in to the console. */
export interface MemberActor extends ActorBase {
  kind: "member";
  token?: never;
  /**
   * The session row the console request came with (lib/auth/sessions.ts): every write re-checks
   * that it is still live, so a session ended meanwhile commits nothing. Absent for callers with
   * no browser session (the command line, tests).
   */
  sessionId?: string;
}

/** A request made with an API token: the token, and the member who created it. */
export interface TokenActor extends ActorBase {
  kind: "token";
  token: ActingToken;
}

/**
 * Who is acting. Built once per request by a door (lib/auth) from a signed-in member or an
 * authenticated API token; every domain function takes one and checks it — never a raw id.
 */
export type Actor = MemberActor | TokenActor;

/** A service token acts with its own authority, not a person's. */
export function isServiceTokenActor(actor: Actor): actor is TokenActor {
  return actor.kind === "token" && actor.token.serviceToken;
}
