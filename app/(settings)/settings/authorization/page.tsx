import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { canCreateServiceTokens, grantableRolesFor, type Actor } from "@/lib/access";
import { requireActor } from "@/lib/auth/require-actor";
import { getMember } from "@/lib/members";
import { listCustomRolesForPicker } from "@/lib/roles";
import { obscureToken } from "@/lib/secrets";
import { API_VERSIONS, listVisibleTokens, serviceTokenUsage, tokenAbilities, type TokenView } from "@/lib/tokens";
import { AccessTokens } from "./access-tokens";
import type { ListState, TokenRowData } from "./view-model";
import { one, PAGE_SIZE, pageNumber, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Authorization" };

export default async function AuthorizationPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const params = await searchParams;
  const type = (["personal", "service"] as const).find((t) => t === one(params.type)) ?? "all";
  const showAll = actor.canViewAllTokens && one(params.showAll) === "1";
  const search = one(params.q).slice(0, 100);
  // "View tokens" on the Members page: one member's personal tokens (admins and owners only).
  const memberFilter = actor.canViewAllTokens && /^[0-9a-f]{24}$/.test(one(params.member)) ? one(params.member) : null;
  const page = pageNumber(params);

  const [list, customRoles, usage] = await Promise.all([
    listVisibleTokens(actor, {
      showAll: showAll || memberFilter !== null,
      type: memberFilter ? "personal" : type,
      search,
      ...(memberFilter ? { memberId: memberFilter } : {}),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    listCustomRolesForPicker(actor),
    serviceTokenUsage(actor),
  ]);

  const rows: TokenRowData[] = list.items.map((token) => toRow(token, actor.memberId, tokenAbilities(actor, token)));
  const state: ListState = {
    showAll: showAll || memberFilter !== null,
    type,
    search,
    page,
    pageSize: PAGE_SIZE,
    totalCount: list.totalCount,
    canShowAll: actor.canViewAllTokens,
    member: memberFilter ? await memberLabel(actor, memberFilter) : null,
  };

  return (
    <div className="space-y-6">
      <PageHeader title="Authorization" description="Access tokens let programs call the Tollgate REST API on your behalf, or on the account's." />
      <AccessTokens
        rows={rows}
        state={state}
        createOptions={{
          // A token with no access could do nothing: the console doesn't offer one.
          grantableRoles: grantableRolesFor(actor).filter((role) => role !== "no_access"),
          customRoles,
          apiVersions: [...API_VERSIONS],
          serviceTokens: { allowed: canCreateServiceTokens(actor), used: usage.used, limit: usage.limit },
        }}
      />
    </div>
  );
}

function toRow(token: TokenView, viewerId: string, abilities: TokenRowData["abilities"]): TokenRowData {
  const p = token.permission;
  return {
    id: token.id,
    name: token.name,
    description: token.description,
    member: {
      id: token.member.id,
      email: token.member.email,
      name: `${token.member.firstName} ${token.member.lastName}`.trim() || token.member.email,
      removed: token.member.removed,
    },
    isOwn: token.memberId === viewerId,
    permission:
      p.kind === "role"
        ? { kind: "role", role: p.role }
        : p.kind === "customRoles"
          ? { kind: "customRoles", roles: p.customRoles }
          : { kind: "inline", policyJson: JSON.stringify(p.policy, null, 2) },
    serviceToken: token.serviceToken,
    defaultApiVersion: token.defaultApiVersion,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    expired: token.expired,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    obscured: obscureToken(token.ending),
    abilities,
  };
}

async function memberLabel(actor: Actor, memberId: string): Promise<ListState["member"]> {
  const member = await getMember(actor, memberId).catch(() => null);
  return member ? { id: member.id, email: member.email, removed: member.removed } : { id: memberId, email: "an unknown member", removed: false };
}
