export type Effect = "allow" | "deny";

// Each half of a statement is an exclusive pair; `?: never` makes "both" and "neither"
// compile errors for hand-written policies, while parsePolicy guards untyped input.
type ActionPart =
  | { actions: string[]; notActions?: never }
  | { notActions: string[]; actions?: never };
type ResourcePart =
  | { resources: string[]; notResources?: never }
  | { notResources: string[]; resources?: never };

export type Statement = { effect: Effect } & ActionPart & ResourcePart;

export type Policy = Statement[];

// Order is the rank: a later role may do (and grant) everything an earlier one may. `no_access`
// (LaunchDarkly's name) is a member who may change nothing, not even their own tokens, beyond
// what custom roles allow them.
export const BUILT_IN_ROLES = ["no_access", "reader", "writer", "admin", "owner"] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export const TOKEN_ACTIONS = [
  "createAccessToken",
  "updateAccessTokenName",
  "updateAccessTokenDescription",
  "updateAccessTokenPolicy",
  "updateAccessTokenApiVersion",
  "updateAccessTokenExpiration",
  "resetAccessToken",
  "deleteAccessToken",
] as const;

export const OTHER_ACTIONS = [
  "createProject",
  "updateProject",
  "deleteProject",
  "createMember",
  "updateMemberRole",
  "deleteMember",
  "createRole",
  "updateRole",
  "deleteRole",
] as const;

// Only writes are policy-gated; reads are authorised by membership alone.
export const ALL_ACTIONS = [...TOKEN_ACTIONS, ...OTHER_ACTIONS] as const;
export type TokenAction = (typeof TOKEN_ACTIONS)[number];
export type Action = (typeof ALL_ACTIONS)[number];
