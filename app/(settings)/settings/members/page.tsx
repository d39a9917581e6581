import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireActor } from "@/lib/auth/require-actor";
import { listMembers, type MemberView } from "@/lib/members";
import { canGrantRole, memberResource, roleRank } from "@/lib/policy";
import { listCustomRolesForPicker } from "@/lib/tokens";
import { canActOn, grantableRolesFor, roleCeiling } from "@/lib/tokens/permissions";
import type { Actor } from "@/lib/tokens/types";
import { MembersList } from "./members-list";
import type { MemberOptions, MemberRowData, MembersListState } from "./view-model";

export const metadata: Metadata = { title: "Members" };

const PAGE_SIZE = 25;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireActor();
  const params = await searchParams;
  const search = one(params.q).trim().slice(0, 100);
  const showRemoved = one(params.removed) === "1";
  const page = Math.min(Math.max(1, Number.parseInt(one(params.page), 10) || 1), 10_000);

  const [list, customRoles] = await Promise.all([
    listMembers(actor, { search, includeRemoved: showRemoved, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    listCustomRolesForPicker(actor),
  ]);

  const ceiling = roleCeiling(actor);
  const options: MemberOptions = {
    grantableRoles: grantableRolesFor(actor),
    canAssignCustomRoles: roleRank(ceiling) >= roleRank("admin"),
    customRoles,
    canInvite: canActOn(actor, "updateMemberRole", memberResource("*")),
    canViewAllTokens: actor.canViewAllTokens,
  };
  const state: MembersListState = { search, showRemoved, page, pageSize: PAGE_SIZE, totalCount: list.totalCount };

  return (
    <div className="space-y-6">
      <PageHeader title="Members" description="Everyone who can sign in to this account, their roles and their personal tokens." />
      <MembersList rows={list.items.map((m) => toRow(m, actor))} state={state} options={options} />
    </div>
  );
}

function toRow(member: MemberView, actor: Actor): MemberRowData {
  const resource = memberResource(member.id);
  const isSelf = member.id === actor.memberId;
  // Nobody manages a member who outranks them (lib/members/guards.ts); hiding those entries
  // only saves a refusal — the domain decides again on every call.
  const ceiling = roleCeiling(actor);
  const mayManage = !member.removed && canGrantRole(ceiling, member.role);
  const mayInvite = mayManage && canActOn(actor, "updateMemberRole", memberResource("*"));
  return {
    id: member.id,
    name: `${member.firstName} ${member.lastName}`.trim(),
    email: member.email,
    role: member.role,
    customRoles: member.customRoles,
    personalTokenCount: member.personalTokenCount,
    lastSignInAt: member.lastSignInAt?.toISOString() ?? null,
    removed: member.removed,
    pending: member.pending,
    isSelf,
    abilities: {
      changeRole: mayManage && canActOn(actor, "updateMemberRole", resource),
      // A pending invitation is revoked rather than removed: the address can be invited again.
      remove: mayManage && !isSelf && !member.pending && canActOn(actor, "deleteMember", resource),
      viewTokens: !member.pending && (actor.canViewAllTokens || isSelf),
      resendInvitation: mayInvite && member.pending,
      revokeInvitation: mayInvite && member.pending,
      resetPassword:
        mayManage && !isSelf && !member.pending && roleRank(ceiling) >= roleRank("admin") && canActOn(actor, "updateMemberRole", resource),
    },
  };
}
