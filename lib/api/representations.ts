import { describeChange, type HistoryEntry, type HistoryMember } from "../audit";
import type { MemberView } from "../members";
import type { EnvironmentView, FlagDefaults, ProjectView } from "../projects";
import type { RoleView } from "../roles";
import type { TokenView } from "../tokens";
import type {
  AuditEntryRepresentation,
  EnvironmentRepresentation,
  FlagDefaultsRepresentation,
  MemberRepresentation,
  ProjectRepresentation,
  RoleRepresentation,
  TokenRepresentation,
} from "./openapi/schemas";
import { API_BASE, selfLink } from "./paths";

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
      _links: selfLink(`/members/${view.member.id}`),
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
    // Tollgate never verifies an address: a set-password link may reach the member by hand.
    _verified: false,
    // Tollgate has no multi-factor authentication.
    mfa: "disabled",
    _removed: m.removed,
    // Their last console sign-in; 0 for a member never seen.
    _lastSeen: ms(m.lastSignInAt) ?? 0,
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
    basePermissions: r.basePermissions,
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
    includeInSnippetByDefault: p.defaultClientSideAvailability.usingEnvironmentId,
    defaultClientSideAvailability: { ...p.defaultClientSideAvailability },
    creationDate: p.createdAt.getTime(),
    lastModified: p.updatedAt.getTime(),
    _links: selfLink(`/projects/${encodeURIComponent(p.key)}`),
  };
}

function historyMemberRepresentation(m: HistoryMember) {
  return { _links: selfLink(`/members/${m.id}`), _id: m.id, email: m.email, firstName: m.firstName, lastName: m.lastName, role: m.role };
}

/**
 * An environment as LaunchDarkly shows it. Tollgate serves no SDKs: `apiKey` and `mobileKey` are
 * empty, never a made-up key (docs/ld-compatibility.md, "Projects").
 */
export function environmentRepresentation(projectKey: string, e: EnvironmentView): EnvironmentRepresentation {
  return {
    _id: e.id,
    key: e.key,
    name: e.name,
    apiKey: "",
    mobileKey: "",
    color: e.color,
    defaultTtl: e.defaultTtl,
    secureMode: e.secureMode,
    defaultTrackEvents: e.defaultTrackEvents,
    requireComments: e.requireComments,
    confirmChanges: e.confirmChanges,
    tags: e.tags,
    critical: e.critical,
    _links: { parent: { href: `${API_BASE}/projects/${encodeURIComponent(projectKey)}?expand=environments`, type: "application/json" } },
  };
}

/** LaunchDarkly's flag defaults of a project (FlagDefaultsRep, UpsertPayloadRep). */
export function flagDefaultsRepresentation(projectKey: string, d: FlagDefaults): FlagDefaultsRepresentation {
  return {
    key: projectKey,
    tags: d.tags,
    temporary: d.temporary,
    booleanDefaults: { ...d.booleanDefaults },
    defaultClientSideAvailability: { ...d.defaultClientSideAvailability },
    _links: selfLink(`/projects/${encodeURIComponent(projectKey)}/flag-defaults`),
  };
}

/**
 * Who an entry names as `member`: the member who acted, or the owner of the personal token that
 * did — whose authority the token carries — next to `token`, which names the actor. A service
 * token's actions are the token's alone: its entry has no `member`, and its creator only inside
 * `token`, as `_creator`.
 */
function entryMember(e: HistoryEntry) {
  if (e.actor.kind === "member") {
    if (e.actorMember) return historyMemberRepresentation(e.actorMember);
    return e.actor.memberId ? { _links: selfLink(`/members/${e.actor.memberId}`), _id: e.actor.memberId, email: e.actor.name } : undefined;
  }
  return e.actor.kind === "token" && e.actorTokenIsService === false && e.tokenCreator ? historyMemberRepresentation(e.tokenCreator) : undefined;
}

function entryToken(e: HistoryEntry) {
  if (e.actor.kind !== "token" || !e.actor.tokenId) return undefined;
  return {
    _id: e.actor.tokenId,
    name: e.actor.name,
    serviceToken: e.actorTokenIsService ?? undefined,
    _creator: e.tokenCreator ? { _id: e.tokenCreator.id, email: e.tokenCreator.email } : undefined,
  };
}

/**
 * LaunchDarkly's audit log entry (its AuditLogEntryListingRep; `GET /auditlog/{id}` answers the
 * same). Tollgate adds `action`, `changes` (each changed field before and after), `ip`, and the
 * target's `kind` and `_id`.
 */
export function auditEntryRepresentation(e: HistoryEntry): AuditEntryRepresentation {
  const words = describeChange(e.actor.name, e.action, e.target);
  return {
    _links: selfLink(`/auditlog/${e.id}`),
    _id: e.id,
    _accountId: e.accountId,
    date: e.at.getTime(),
    accesses: e.accesses,
    kind: e.target.kind,
    name: e.target.name,
    description: words.description,
    shortDescription: words.shortDescription,
    comment: e.comment ?? undefined,
    member: entryMember(e),
    token: entryToken(e),
    titleVerb: words.titleVerb,
    title: words.description,
    target: { kind: e.target.kind, _id: e.target.id, name: e.target.name, resources: e.resources },
    action: e.action,
    changes: e.changes,
    ip: e.ip ?? undefined,
  };
}
