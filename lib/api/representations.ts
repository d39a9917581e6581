import type { HistoryEntry } from "../audit";
import type { MemberView } from "../members";
import type { ProjectView } from "../projects";
import type { RoleView } from "../roles";
import type { TokenView } from "../tokens";
import type { AuditEntryRepresentation, MemberRepresentation, ProjectRepresentation, RoleRepresentation, TokenRepresentation } from "./openapi/schemas";
import { selfLink } from "./paths";

const ms = (d: Date | null) => (d ? d.getTime() : undefined);

// Each returns its schema's type (openapi/schemas.ts): a field added here must be added there.

/**
 * A token as LaunchDarkly's API shows it (README, "The REST API"). `token` is the full secret only in the
 * response that creates, clones or resets it; otherwise just its last four characters.
 */
export function tokenRepresentation(view: TokenView, secret?: string): TokenRepresentation {
  const p = view.permission;
  return {
    _id: view.id,
    ownerId: view.accountId,
    memberId: view.memberId,
    _member: {
      _id: view.member.id,
      email: view.member.email,
      firstName: view.member.firstName,
      lastName: view.member.lastName,
      role: view.member.role,
    },
    name: view.name,
    description: view.description,
    creationDate: view.createdAt.getTime(),
    lastModified: view.updatedAt.getTime(),
    role: p.kind === "role" ? p.role : undefined,
    customRoleIds: p.kind === "customRoles" ? p.customRoles.map((r) => r.id) : [],
    inlineRole: p.kind === "inline" ? p.policy : [],
    serviceToken: view.serviceToken,
    defaultApiVersion: view.defaultApiVersion,
    token: secret ?? view.ending,
    lastUsed: ms(view.lastUsedAt),
    expiresAt: ms(view.expiresAt),
    _links: { ...selfLink(`/tokens/${view.id}`), parent: { href: "/api/v2/tokens", type: "application/json" } },
  };
}

export function memberRepresentation(m: MemberView): MemberRepresentation {
  return {
    _id: m.id,
    email: m.email,
    firstName: m.firstName,
    lastName: m.lastName,
    role: m.role,
    customRoles: m.customRoles.map((r) => r.id),
    _customRoleKeys: m.customRoles.map((r) => r.key),
    _pendingInvite: m.pending,
    _verified: !m.pending,
    _removed: m.removed,
    _lastSeen: ms(m.lastSignInAt),
    creationDate: m.createdAt.getTime(),
    _personalTokenCount: m.personalTokenCount,
    _links: selfLink(`/members/${m.id}`),
  };
}

export function roleRepresentation(r: RoleView): RoleRepresentation {
  return {
    _id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    policy: r.policy,
    _memberCount: r.memberCount,
    _tokenCount: r.tokenCount,
    creationDate: r.createdAt.getTime(),
    lastModified: r.updatedAt.getTime(),
    _links: selfLink(`/roles/${encodeURIComponent(r.key)}`),
  };
}

export function projectRepresentation(p: ProjectView): ProjectRepresentation {
  return {
    _id: p.id,
    key: p.key,
    name: p.name,
    tags: p.tags,
    creationDate: p.createdAt.getTime(),
    lastModified: p.updatedAt.getTime(),
    _links: selfLink(`/projects/${encodeURIComponent(p.key)}`),
  };
}

/**
 * LaunchDarkly's audit log entry. `member` is the member who acted and is present only when a
 * member did; an action made with a token has `token` instead (LaunchDarkly's token summary:
 * id and name), and the member who created that token only inside it, as `_creator` — a service
 * token's actions are the token's, not its creator's.
 */
export function auditEntryRepresentation(e: HistoryEntry): AuditEntryRepresentation {
  return {
    _id: e.id,
    date: e.at.getTime(),
    kind: e.target.kind,
    name: e.target.name,
    action: e.action,
    description: `${e.actor.name} ${e.action} ${e.target.kind} ${e.target.name}`,
    member: e.actor.kind === "member" && e.actor.memberId ? { _id: e.actor.memberId, email: e.actor.name } : undefined,
    token:
      e.actor.kind === "token" && e.actor.tokenId
        ? {
            _id: e.actor.tokenId,
            name: e.actor.name,
            _creator: e.tokenCreator ? { _id: e.tokenCreator.id, email: e.tokenCreator.email } : undefined,
          }
        : undefined,
    target: { kind: e.target.kind, _id: e.target.id, name: e.target.name },
    changes: e.changes,
    ip: e.ip ?? undefined,
    _links: selfLink(`/auditlog/${e.id}`),
  };
}
