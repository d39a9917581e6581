import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { HISTORY_TARGET_KINDS, listHistory, listHistoryActors, type HistoryEntry, type HistoryQuery } from "@/lib/audit";
import { requireActor } from "@/lib/auth/require-actor";
import { isDomainError } from "@/lib/errors";
import { listRoles } from "@/lib/roles";
import { ACTION_LABELS, actionLabel, dayBoundary, formatChanges, TARGET_KIND_LABELS } from "./history-format";
import { HistoryList } from "./history-list";
import type { ActorOption, HistoryFilters, HistoryListState, HistoryRowData } from "./view-model";
import { one, PAGE_SIZE, pageNumber, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Change history" };

type TargetKind = (typeof HISTORY_TARGET_KINDS)[number];

export default async function HistoryPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const params = await searchParams;
  const filters: HistoryFilters = {
    actor: one(params.actor).slice(0, 80),
    targetKind: HISTORY_TARGET_KINDS.find((k) => k === one(params.targetKind)) ?? "",
    targetId: one(params.targetId).slice(0, 64),
    action: one(params.action).slice(0, 64),
    from: one(params.from).slice(0, 10),
    to: one(params.to).slice(0, 10),
  };
  const page = pageNumber(params);
  // The browser sends its UTC offset with a date range, so a day means the viewer's day.
  const tz = Math.min(Math.max(Number.parseInt(one(params.tz), 10) || 0, -900), 900);

  const query: HistoryQuery = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const [actorKind, actorId] = filters.actor.split(":", 2);
  if (actorKind === "member" && actorId) query.actorMemberId = actorId;
  if (actorKind === "token" && actorId) query.actorTokenId = actorId;
  if (filters.targetKind) query.targetKind = filters.targetKind as TargetKind;
  if (filters.targetId) query.targetId = filters.targetId;
  if (filters.action) query.action = filters.action;
  const from = filters.from ? dayBoundary(filters.from, tz, false) : undefined;
  const to = filters.to ? dayBoundary(filters.to, tz, true) : undefined;
  if (from) query.from = from;
  if (to) query.to = to;

  const [actors, roles] = await Promise.all([listHistoryActors(actor), listRoles(actor)]);
  let list: { items: HistoryEntry[]; totalCount: number } = { items: [], totalCount: 0 };
  let problem: string | null = null;
  try {
    list = await listHistory(actor, query);
  } catch (error) {
    // A filter the domain refuses (e.g. from after to) is the viewer's to fix, not an outage.
    if (!isDomainError(error)) throw error;
    problem = error.message;
  }
  if ((filters.from && !from) || (filters.to && !to)) problem ??= "Enter dates as YYYY-MM-DD";

  const roleNames = new Map(roles.map((r) => [r.id, r.name]));
  const rows: HistoryRowData[] = list.items.map((entry) => ({
    id: entry.id,
    at: entry.at.toISOString(),
    actor: { kind: entry.actor.kind, name: entry.actor.name, createdBy: entry.tokenCreator?.email ?? null },
    action: entry.action,
    actionLabel: actionLabel(entry.action),
    target: entry.target,
    changes: formatChanges(entry.changes, roleNames),
    comment: entry.comment,
    ip: entry.ip,
  }));
  const actorOptions: ActorOption[] = actors.flatMap((a) => {
    if (a.kind === "token" && a.tokenId) return [{ value: `token:${a.tokenId}`, label: `${a.name} (token)` }];
    if (a.kind === "member" && a.memberId) return [{ value: `member:${a.memberId}`, label: a.name }];
    return [];
  });
  const state: HistoryListState = { filters, page, pageSize: PAGE_SIZE, totalCount: list.totalCount };

  const kindLabel = filters.targetKind ? TARGET_KIND_LABELS[filters.targetKind]?.toLowerCase() : null;
  const targetName = rows[0]?.target.name;
  const heading = filters.targetId
    ? `History of ${kindLabel ?? "target"} ${targetName ?? ""}`.trim()
    : "Change history";

  return (
    <div className="space-y-6">
      <PageHeader
        title={heading}
        description={
          filters.targetId
            ? "Every change to this one item, newest first."
            : "Every change to tokens, members, roles and projects, newest first. Admins and owners see all of it; members see their own."
        }
      >
        {filters.targetId && (
          <Link href="/settings/history" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
            Show all changes
          </Link>
        )}
      </PageHeader>
      <HistoryList rows={rows} state={state} actorOptions={actorOptions} actionLabels={ACTION_LABELS} targetKindLabels={TARGET_KIND_LABELS} problem={problem} />
    </div>
  );
}
