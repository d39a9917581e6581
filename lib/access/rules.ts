// Who may do what: the rules every domain shares. Pure, so each operation and each row menu ask
// the same functions, and the UI can never offer what the domain would refuse, or the reverse.
import { Forbidden } from "../errors";
import { BUILT_IN_ROLES, canGrantRole, isAllowedByAll, roleRank, serviceTokenResource, type Action, type BuiltInRole, type CheckedResource, type Policy } from "../policy";
import type { Actor } from "./actor";

/**
 * The policies that must all allow an action. A personal token can never do more than its
 * member can now, so it needs both; a service token is not tied to a person, so only its own.
 */
export function actorPolicies(actor: Actor): Policy[] {
  if (actor.kind === "member") return [actor.memberPolicy];
  return actor.token.serviceToken ? [actor.token.policy] : [actor.token.policy, actor.memberPolicy];
}

export function canActOn(actor: Actor, action: Action, resource: CheckedResource): boolean {
  return isAllowedByAll(actorPolicies(actor), action, resource);
}

/** How a refusal names each action, as "You are not allowed to <phrase>". */
const REFUSED: Record<Action, string> = {
  createAccessToken: "create this token",
  updateAccessTokenName: "rename this token",
  updateAccessTokenDescription: "change the description of this token",
  updateAccessTokenPolicy: "change the role or policy of this token",
  updateAccessTokenApiVersion: "change the API version of this token",
  updateAccessTokenExpiration: "change the expiration of this token",
  resetAccessToken: "reset this token",
  deleteAccessToken: "delete this token",
  createProject: "create this project",
  updateProject: "change this project",
  deleteProject: "delete this project",
  createMember: "invite members",
  updateMemberRole: "change this member's roles",
  deleteMember: "remove this member",
  createRole: "create this role",
  updateRole: "change this role",
  deleteRole: "delete this role",
};

/** Throws Forbidden unless the actor's policies allow `action` on `resource`. */
export function assertMayAct(actor: Actor, action: Action, resource: CheckedResource, refused = REFUSED[action]): void {
  if (!canActOn(actor, action, resource)) throw new Forbidden(`You are not allowed to ${refused}`);
}

const lowerOf = (a: BuiltInRole, b: BuiltInRole): BuiltInRole => (roleRank(a) <= roleRank(b) ? a : b);

/**
 * The highest built-in role this actor may hand out or act above: on a token, to a member. A
 * member: their own role. A token: its own role, capped by its member's for a personal token. A
 * custom-role or inline-policy token proves no built-in role at all, so it counts as a reader —
 * otherwise a narrowly scoped token could mint a broader one.
 */
export function roleCeiling(actor: Actor): BuiltInRole {
  if (actor.kind === "member") return actor.memberRole;
  const own = actor.token.role ?? "reader";
  return actor.token.serviceToken ? own : lowerOf(own, actor.memberRole);
}

export function grantableRolesFor(actor: Actor): BuiltInRole[] {
  const ceiling = roleCeiling(actor);
  return BUILT_IN_ROLES.filter((role) => canGrantRole(ceiling, role));
}

/**
 * Nobody changes or removes a member who outranks them: only owners touch owners, and an admin
 * acting through a writer's token can't demote an admin.
 */
export function mayManageMember(actor: Actor, memberRole: BuiltInRole): boolean {
  return canGrantRole(roleCeiling(actor), memberRole);
}

/**
 * Whether the "This is a service token" option applies at all. `service-token/*` is matched as a
 * literal name, so a policy limited to some service-token names hides the option; creating one
 * by exact name is still checked (and may be allowed) on save.
 */
export function canCreateServiceTokens(actor: Actor): boolean {
  return canActOn(actor, "createAccessToken", serviceTokenResource("*"));
}
