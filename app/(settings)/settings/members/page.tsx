import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireActor } from "@/lib/auth/require-actor";
import { memberAbilities, memberListAbilities, type Actor } from "@/lib/access";
import { listMembers, type MemberView } from "@/lib/members";
import { listCustomRolesForPicker } from "@/lib/roles";
import { MembersList } from "./members-list";
import type { MemberOptions, MemberRowData, MembersListState } from "./view-model";
import { one, PAGE_SIZE, pageNumber, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const params = await searchParams;
  const search = one(params.q).trim().slice(0, 100);
  const showRemoved = one(params.removed) === "1";
  const page = pageNumber(params);

  const [list, customRoles] = await Promise.all([
    listMembers(actor, { search, includeRemoved: showRemoved, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    listCustomRolesForPicker(actor),
  ]);

  const options: MemberOptions = { ...memberListAbilities(actor), customRoles };
  const state: MembersListState = { search, showRemoved, page, pageSize: PAGE_SIZE, totalCount: list.totalCount };

  return (
    <div className="space-y-6">
      <PageHeader title="Members" description="Everyone who can sign in to this account, their roles and their personal tokens." />
      <MembersList rows={list.items.map((m) => toRow(m, actor))} state={state} options={options} />
    </div>
  );
}

function toRow(member: MemberView, actor: Actor): MemberRowData {
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
    isSelf: member.id === actor.memberId,
    abilities: memberAbilities(actor, member),
  };
}
