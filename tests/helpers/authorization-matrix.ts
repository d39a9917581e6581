// The authorization matrix (SECURITY.md, property 1): who may do what to which token, written out by
// hand from the README's "Decisions" — never derived from lib/, which it checks.
// Shared by tests/integration/authorization-matrix.test.ts and e2e/authorization-matrix.spec.ts.
// Pure data: no imports, so both Vitest and Playwright can load it.

export type Outcome = "allowed" | "forbidden" | "not_found" | "invalid";
export type Target = "own" | "other" | "service";

export const TARGETLESS_OPERATIONS = ["create personal token", "create personal admin token", "create service token", "list every member's tokens"] as const;
export const TARGETED_OPERATIONS = [
  "clone",
  "update name",
  "update description",
  "update API version",
  "update expiration",
  "update permission",
  "reset",
  "delete",
  "get",
] as const;
export type Operation = (typeof TARGETLESS_OPERATIONS)[number] | (typeof TARGETED_OPERATIONS)[number];

/**
 * One line per actor. The first four columns have no target; each later column is three
 * letters, for the actor's own personal token · another member's personal token · a service
 * token. A allowed (2xx) · F forbidden (403) · N not found (404) · I invalid (400) · - not
 * reachable through the actor's door (tokens act through the REST API, whose PATCH has no
 * expiration path, README "The REST API").
 *
 * Why, cell by cell:
 * - Every member manages their own personal tokens; admins and owners manage all tokens and see
 *   everyone's (show all); others get 404 for another member's personal token (not 403).
 * - A member mints up to their own role; a token up to its own role, capped by its member's; a
 *   custom-role or inline-policy token proves no built-in role, so it mints readers only.
 * - Service tokens: created by those allowed createAccessToken on service-token/*; visible to
 *   everyone; their permission is fixed at creation, so changing it is invalid (400) for anyone.
 * - Nobody clones another member's personal token (the clone would carry their scope); admins
 *   clone service tokens.
 * - Create, clone and reset reveal a secret, so each may only hand the caller a token they could
 *   have created themselves: their own personal tokens, and service tokens if they may create
 *   service tokens, within their role ceiling. So nobody — not even an admin or the owner —
 *   resets another member's personal token (403: they can see it); they may still delete it.
 * - A personal token may do only what both it and its member may; a service token belongs to no
 *   one, so it has no "own" tokens: its creator's personal token is just another member's.
 * - The custom role of the "custom role" member allows updating and resetting service tokens and
 *   denies every deleteAccessToken: a matching deny beats any allow, its own tokens included. Its
 *   reset of a service token is still refused: a reader could not have created one.
 * - The custom-role token's role allows renaming and re-describing any token; the inline-policy
 *   token's policy allows creating, resetting and deleting any token (both belong to the admin).
 */
const GRID = `
                                      | new  new   new  list | clone name desc ver  expiry perm reset delete get
                                      | pers admin svc  all  | o x s o x s o x s o x s o x s o x s o x s o x s o x s
reader member                         | A    F     F    F    | A N F A N F A N F A N F A N F A N I A N F A N F A N A
writer member                         | A    F     F    F    | A N F A N F A N F A N F A N F A N I A N F A N F A N A
admin member                          | A    A     A    A    | A F A A A A A A A A A A A A A A A I A F A A A A A A A
owner member                          | A    A     A    A    | A F A A A A A A A A A A A A A A A I A F A A A A A A A
reader member with a custom role      | A    F     F    F    | A N F A N A A N A A N A A N A A N I A N F F N F A N A
reader personal token                 | A    F     F    F    | A N F A N F A N F A N F - - - A N I A N F A N F A N A
writer personal token                 | A    F     F    F    | A N F A N F A N F A N F - - - A N I A N F A N F A N A
admin personal token                  | A    A     A    A    | A F A A A A A A A A A A - - - A A I A F A A A A A A A
owner personal token                  | A    A     A    A    | A F A A A A A A A A A A - - - A A I A F A A A A A A A
admin's reader personal token         | A    F     F    F    | A N F A N F A N F A N F - - - A N I A N F A N F A N A
custom-role personal token            | F    F     F    F    | F N F A N A A N A F N F - - - F N I F N F F N F A N A
inline-policy personal token          | A    F     A    F    | A N A F N F F N F F N F - - - F N I A N A A N A A N A
admin service token                   | F    F     A    A    | F F A A A A A A A A A A - - - A A I F F A A A A A A A
reader service token                  | F    F     F    F    | N N F N N F N N F N N F - - - N N I N N F N N F N N A
`;

/**
 * The reveal axis: clone and reset of tokens above the reader role (the grid above has the reader
 * targets), for caller rank × target rank × whose token. Each column is a target role; each triple
 * again own · another member's · service. An "own" token above the member's current role is one
 * they made while they held that role; a caller's role ceiling is the one the grid above mints by.
 *
 * Why, cell by cell: a caller gets a secret only for a token they could create now — their own
 * personal token, or a service token if they may create service tokens — and only up to their
 * ceiling (a reader-role or custom-role token mints readers only). Another member's token is
 * 403 for those who can see it (admins and owners, and tokens with that authority) and 404 for
 * the rest; a service token has no own tokens.
 */
const REVEAL_GRID = `
                                      | reset                   | clone
                                      | writer  admin   owner   | writer  admin   owner
                                      | o x s   o x s   o x s   | o x s   o x s   o x s
reader member                         | F N F   F N F   F N F   | F N F   F N F   F N F
writer member                         | A N F   F N F   F N F   | A N F   F N F   F N F
admin member                          | A F A   A F A   F F F   | A F A   A F A   F F F
owner member                          | A F A   A F A   A F A   | A F A   A F A   A F A
reader member with a custom role      | F N F   F N F   F N F   | F N F   F N F   F N F
reader personal token                 | F N F   F N F   F N F   | F N F   F N F   F N F
writer personal token                 | A N F   F N F   F N F   | A N F   F N F   F N F
admin personal token                  | A F A   A F A   F F F   | A F A   A F A   F F F
owner personal token                  | A F A   A F A   A F A   | A F A   A F A   A F A
admin's reader personal token         | F N F   F N F   F N F   | F N F   F N F   F N F
custom-role personal token            | F N F   F N F   F N F   | F N F   F N F   F N F
inline-policy personal token          | F N F   F N F   F N F   | F N F   F N F   F N F
admin service token                   | F F A   F F A   F F F   | F F A   F F A   F F F
reader service token                  | N N F   N N F   N N F   | N N F   N N F   N N F
`;
export const REVEAL_OPERATIONS = ["reset", "clone"] as const;
export const TARGET_ROLES = ["writer", "admin", "owner"] as const;
export type TargetRole = (typeof TARGET_ROLES)[number];

const LETTERS: Record<string, Outcome | null> = { A: "allowed", F: "forbidden", N: "not_found", I: "invalid", "-": null };
const TARGETS: Target[] = ["own", "other", "service"];

export type ActorName =
  | "reader member"
  | "writer member"
  | "admin member"
  | "owner member"
  | "reader member with a custom role"
  | "reader personal token"
  | "writer personal token"
  | "admin personal token"
  | "owner personal token"
  | "admin's reader personal token"
  | "custom-role personal token"
  | "inline-policy personal token"
  | "admin service token"
  | "reader service token";

export interface Cell {
  actor: ActorName;
  operation: Operation;
  target: Target | null;
  /** The target's built-in role when it is above reader (the reveal axis). */
  targetRole?: TargetRole;
  expected: Outcome;
}

function parseGrid(): Cell[] {
  const cells: Cell[] = [];
  for (const line of GRID.split("\n").slice(3)) {
    if (line.trim() === "") continue;
    const [actor, targetless, targeted] = line.split("|").map((part) => part.trim());
    const plain = targetless!.split(/\s+/);
    const triples = targeted!.split(/\s+/);
    if (plain.length !== TARGETLESS_OPERATIONS.length || triples.length !== TARGETED_OPERATIONS.length * 3) {
      throw new Error(`authorization matrix: malformed line for ${actor}`);
    }
    TARGETLESS_OPERATIONS.forEach((operation, i) => {
      const expected = LETTERS[plain[i]!];
      if (expected) cells.push({ actor: actor as ActorName, operation, target: null, expected });
    });
    TARGETED_OPERATIONS.forEach((operation, i) =>
      TARGETS.forEach((target, j) => {
        const expected = LETTERS[triples[i * 3 + j]!];
        if (expected) cells.push({ actor: actor as ActorName, operation, target, expected });
      }),
    );
  }
  return cells;
}

function parseRevealGrid(): Cell[] {
  const cells: Cell[] = [];
  for (const line of REVEAL_GRID.split("\n").slice(4)) {
    if (line.trim() === "") continue;
    const [actor, ...columns] = line.split("|").map((part) => part.trim());
    const letters = columns.join(" ").split(/\s+/);
    if (letters.length !== REVEAL_OPERATIONS.length * TARGET_ROLES.length * 3) throw new Error(`authorization matrix: malformed reveal line for ${actor}`);
    let i = 0;
    for (const operation of REVEAL_OPERATIONS) {
      for (const targetRole of TARGET_ROLES) {
        for (const target of TARGETS) {
          const expected = LETTERS[letters[i++]!];
          if (expected) cells.push({ actor: actor as ActorName, operation, target, targetRole, expected });
        }
      }
    }
  }
  return cells;
}

export const MATRIX: Cell[] = [...parseGrid(), ...parseRevealGrid()];

const isServiceToken = (actor: ActorName) => actor.endsWith("service token");

export function targetLabel(actor: ActorName, target: Target): string {
  if (target === "service") return "a service token";
  if (target === "other") return "another member's personal token";
  return isServiceToken(actor) ? "its creator's personal token" : "own personal token";
}

export const OUTCOME_WORDS: Record<Outcome, string> = { allowed: "allowed", forbidden: "forbidden", not_found: "not found", invalid: "invalid" };

/** "writer member · delete · another member's personal token → not found", "… · reset · a service token (owner role) → forbidden" */
export function cellTitle(cell: Cell): string {
  const where = cell.target ? ` · ${targetLabel(cell.actor, cell.target)}${cell.targetRole ? ` (${cell.targetRole} role)` : ""}` : "";
  return `${cell.actor} · ${cell.operation}${where} → ${OUTCOME_WORDS[cell.expected]}`;
}

/** The HTTP status an outcome is answered with (the REST API's error codes, README "The REST API"). */
export function outcomeOfStatus(status: number): Outcome | `status ${number}` {
  if (status >= 200 && status < 300) return "allowed";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 400) return "invalid";
  return `status ${status}`;
}
