// What an entry is about in the policy language: the resource specifiers of its target, the
// actions it records on them (`accesses`), and a sentence for people. Derived when read, from
// what the entry stored, so entries written before these existed read the same way.
import { memberResource, personalTokenResource, projectResource, roleResource, serviceTokenResource } from "../policy";
import type { AuditAction, AuditChanges, AuditTarget } from "./record";

/** Who owns a token and whether it is a service token: what its resource specifier needs. */
export interface TokenFacts {
  memberId: string | null;
  serviceToken: boolean;
}

/**
 * The target's resource specifiers as they were when the entry was written (its name then). A
 * token whose owner is no longer known (deleted before anything recorded its creation) has none.
 */
export function targetResources(target: AuditTarget, tokens: ReadonlyMap<string, TokenFacts>): string[] {
  switch (target.kind) {
    case "project":
      return [projectResource(target.name)];
    case "role":
      return [roleResource(target.name)];
    case "member":
      return [memberResource(target.id)];
    case "token": {
      const facts = tokens.get(target.id);
      if (!facts) return [];
      if (facts.serviceToken) return [serviceTokenResource(target.name)];
      return facts.memberId ? [personalTokenResource(facts.memberId, target.name)] : [];
    }
    default:
      return [];
  }
}

/**
 * The policy action each kind of change is checked with; changes no policy action governs
 * (invitations' follow-ups, passwords, sessions) are named by the history action itself.
 */
const POLICY_ACTIONS: Partial<Record<AuditAction, string>> = {
  tokenCreated: "createAccessToken",
  tokenCloned: "createAccessToken",
  tokenReset: "resetAccessToken",
  tokenDeleted: "deleteAccessToken",
  memberInvited: "createMember",
  memberUpdated: "updateMemberRole",
  memberRemoved: "deleteMember",
  roleCreated: "createRole",
  roleUpdated: "updateRole",
  roleDeleted: "deleteRole",
  projectCreated: "createProject",
  projectUpdated: "updateProject",
  projectDeleted: "deleteProject",
};

/** A token update is checked field by field (lib/tokens), so its entry records each field's action. */
const TOKEN_FIELD_ACTIONS: Record<string, string> = {
  name: "updateAccessTokenName",
  description: "updateAccessTokenDescription",
  permission: "updateAccessTokenPolicy",
  defaultApiVersion: "updateAccessTokenApiVersion",
  expiresAt: "updateAccessTokenExpiration",
};

function actionsOf(action: string, changes: AuditChanges): string[] {
  if (action === "tokenUpdated") {
    const fieldActions = [...new Set(Object.keys(changes).flatMap((field) => TOKEN_FIELD_ACTIONS[field] ?? []))];
    return fieldActions.length > 0 ? fieldActions : [action];
  }
  return [POLICY_ACTIONS[action as AuditAction] ?? action];
}

export interface ResourceAccess {
  action: string;
  resource: string;
}

/** Each recorded action on each of the target's resources. */
export function accessesOf(action: string, changes: AuditChanges, resources: readonly string[]): ResourceAccess[] {
  return actionsOf(action, changes).flatMap((a) => resources.map((resource) => ({ action: a, resource })));
}

const TITLE_VERBS: Record<AuditAction, string> = {
  tokenCreated: "created the access token",
  tokenCloned: "cloned an access token as",
  tokenUpdated: "updated the access token",
  tokenReset: "reset the access token",
  tokenDeleted: "deleted the access token",
  memberInvited: "invited the member",
  memberUpdated: "updated the member",
  memberRemoved: "removed the member",
  accountCreated: "created the account with the owner",
  invitationResent: "resent the invitation of",
  invitationRevoked: "revoked the invitation of",
  invitationAccepted: "accepted the invitation of",
  passwordReset: "reset the password of",
  passwordSet: "set the password of",
  passwordChanged: "changed the password of",
  sessionEnded: "ended a session of",
  roleCreated: "created the custom role",
  roleUpdated: "updated the custom role",
  roleDeleted: "deleted the custom role",
  projectCreated: "created the project",
  projectUpdated: "updated the project",
  projectDeleted: "deleted the project",
};

/** The entry in words: "<actor> <titleVerb> <target name>", and the same without the actor. */
export function describeChange(actorName: string, action: string, target: AuditTarget) {
  const titleVerb = TITLE_VERBS[action as AuditAction] ?? action;
  const shortDescription = `${titleVerb} ${target.name}`;
  return { titleVerb, shortDescription, description: `${actorName} ${shortDescription}` };
}
