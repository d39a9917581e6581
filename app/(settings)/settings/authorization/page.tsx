import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { canCreateServiceTokens, grantableRolesFor, type Actor } from "@/lib/access";
import { requireActor } from "@/lib/auth/require-actor";
import { getMember } from "@/lib/members";
import { listCustomRolesForPicker } from "@/lib/roles";
import { decodeCursor } from "@/lib/paging";
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
  // "Next" carries the cursor of the page before (keyset paging: as cheap on page 400 as on page
  // 2); a page number alone, or a cursor this list did not write, pages by offset.
  const after = decodeCursor(one(params.after)) ? one(params.after) : undefined;
  const serviceTokens = canCreateServiceTokens(actor);

  const [list, customRoles, usage] = await Promise.all([
    listVisibleTokens(actor, {
      showAll: showAll || memberFilter !== null,
      type: memberFilter ? "personal" : type,
      search,
      ...(memberFilter ? { memberId: memberFilter } : {}),
      limit: PAGE_SIZE,
      ...(after ? { after } : { offset: (page - 1) * PAGE_SIZE }),
    }),
    listCustomRolesForPicker(actor),
    // The quota is shown only to those who may create service tokens.
    serviceTokens ? serviceTokenUsage(actor) : null,
  ]);

  const rows: TokenRowData[] = list.items.map((token) => toRow(token, actor.memberId, tokenAbilities(actor, token)));
  const state: ListState = {
    showAll: showAll || memberFilter !== null,
    type,
    search,
    page,
    pageSize: PAGE_SIZE,
    totalCount: list.totalCount,
    nextCursor: list.nextCursor,
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
          serviceTokens: { allowed: serviceTokens, used: usage?.used ?? 0, limit: usage?.limit ?? 0 },
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
