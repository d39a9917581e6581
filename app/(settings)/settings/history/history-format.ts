// Turning stored history entries into short, readable text. Pure, run on the server: history
// holds no secret (recordChange refuses them), so nothing here needs hiding, only shortening.
import type { AuditAction } from "@/lib/audit";
import { parsePolicy, summarizePolicy } from "@/lib/policy";
import type { ChangeData, ShownValue } from "./view-model";

// One label for every action recorded: a new action without one does not compile.
export const ACTION_LABELS: Record<AuditAction, string> = {
  tokenCreated: "Token created",
  tokenCloned: "Token cloned",
  tokenUpdated: "Token updated",
  tokenReset: "Token reset",
  tokenDeleted: "Token deleted",
  memberInvited: "Member invited",
  memberUpdated: "Member roles changed",
  memberRemoved: "Member removed",
  accountCreated: "Account created",
  invitationResent: "Invitation resent",
  invitationRevoked: "Invitation revoked",
  invitationAccepted: "Invitation accepted",
  passwordReset: "Password reset",
  passwordSet: "Password set after a reset",
  passwordChanged: "Password changed",
  sessionEnded: "Signed out a session",
  roleCreated: "Role created",
  roleUpdated: "Role updated",
  roleDeleted: "Role deleted",
  projectCreated: "Project created",
  projectUpdated: "Project updated",
  projectDeleted: "Project deleted",
};

/** An entry's action in words; an action no longer recorded (from older history) as stored. */
export function actionLabel(action: string): string {
  return Object.hasOwn(ACTION_LABELS, action) ? ACTION_LABELS[action as AuditAction] : action;
}

export const TARGET_KIND_LABELS: Record<string, string> = { token: "Token", member: "Member", role: "Role", project: "Project" };

const FIELD_LABELS: Record<string, string> = {
  customRoleIds: "custom roles",
  defaultApiVersion: "API version",
  expiresAt: "expires",
  serviceToken: "service token",
  oldSecretExpiresAt: "old secret stops working",
  firstName: "first name",
  lastName: "last name",
  memberCount: "members with it",
  tokenCount: "tokens with it",
  signedInSessions: "signed-in sessions",
  otherSessions: "other signed-in sessions",
};

const MAX_SHORT = 80;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const API_VERSION = /^20\d{6}$/;

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

function shorten(text: string): string {
  return text.length > MAX_SHORT ? `${text.slice(0, MAX_SHORT - 1)}…` : text;
}

function dateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A policy in words when it is one ("Allows createProject on proj/*"); otherwise null. */
function policyText(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const parsed = parsePolicy(value);
  return parsed.ok ? summarizePolicy(parsed.policy).join("; ") : null;
}

type RoleNames = ReadonlyMap<string, string>;

function roleNames(ids: unknown[], names: RoleNames): string {
  if (ids.length === 0) return "none";
  return ids.map((id) => (typeof id === "string" ? (names.get(id) ?? "a deleted role") : String(id))).join(", ");
}

function text(field: string, value: unknown, names: RoleNames): string {
  if (typeof value === "string") {
    if (ISO_DATE_TIME.test(value)) return dateTime(value);
    return value;
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") {
    if (field === "defaultApiVersion" && API_VERSION.test(String(value))) {
      const s = String(value);
      return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
    }
    return String(value);
  }
  if (Array.isArray(value)) {
    if (field === "customRoleIds") return roleNames(value, names);
    const policy = policyText(value);
    if (policy) return policy;
    if (value.every((v) => typeof v === "string")) return value.length ? value.join(", ") : "none";
    return JSON.stringify(value);
  }
  if (value && typeof value === "object") {
    // A token's permission, as lib/tokens records it.
    const p = value as { kind?: unknown; role?: unknown; customRoleIds?: unknown; inlineRole?: unknown };
    if (p.kind === "role" && typeof p.role === "string") return `role ${p.role}`;
    if (p.kind === "customRoles" && Array.isArray(p.customRoleIds)) return `custom roles: ${roleNames(p.customRoleIds, names)}`;
    if (p.kind === "inline") return `inline policy: ${policyText(p.inlineRole) ?? JSON.stringify(p.inlineRole)}`;
    return JSON.stringify(value);
  }
  return String(value);
}

function shown(field: string, value: unknown, names: RoleNames): ShownValue {
  if (value === null || value === undefined || value === "") return { short: "—", full: "none", empty: true };
  const full = text(field, value, names);
  return { short: shorten(full), full, empty: false };
}

export function formatChanges(changes: Record<string, { before: unknown; after: unknown }>, names: RoleNames): ChangeData[] {
  return Object.entries(changes).flatMap(([field, change]) => {
    const before = shown(field, change?.before, names);
    const after = shown(field, change?.after, names);
    // An empty field set to empty (a creation without a description) says nothing.
    return before.empty && after.empty ? [] : [{ field, label: fieldLabel(field), before, after }];
  });
}

/** YYYY-MM-DD as an instant: the start (or end) of that day in the viewer's time zone. */
export function dayBoundary(day: string, offsetMinutes: number, end: boolean): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const start = Date.UTC(y, m - 1, d + (end ? 1 : 0)) + offsetMinutes * 60_000;
  const instant = new Date(end ? start - 1 : start);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
