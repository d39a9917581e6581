import type { Metadata } from "next";
import { and, desc, eq, or } from "drizzle-orm";
import { PageHeader } from "@/components/page-header";
import { database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { requireMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Change history" };

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function HistoryPage() {
  const viewer = await requireMember();
  const db = await database();
  const seesAll = viewer.role === "admin" || viewer.role === "owner";
  // Members see what they did and what happened to their own tokens; admins and owners see all.
  const scope = seesAll
    ? eq(auditLog.accountId, viewer.account.id)
    : and(
        eq(auditLog.accountId, viewer.account.id),
        or(
          eq(auditLog.actorMemberId, viewer.id),
          eq(auditLog.targetId, viewer.id),
        ),
      );
  const rows = await db
    .select({ id: auditLog.id, at: auditLog.at, actorName: auditLog.actorName, action: auditLog.action, targetKind: auditLog.targetKind, targetName: auditLog.targetName })
    .from(auditLog)
    .where(scope)
    .orderBy(desc(auditLog.seq))
    .limit(50);
  return (
    <div className="space-y-6">
      <PageHeader title="Change history" description="Every change to tokens, members, roles and projects, newest first." />
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">No changes yet.</p>
      ) : (
        <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {rows.map((r) => (
            <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 text-sm">
              <span>
                <span className="font-medium">{r.actorName}</span> <span className="text-slate-600">{r.action}</span>{" "}
                <span className="font-medium">{r.targetName}</span> <span className="text-xs text-slate-500">({r.targetKind})</span>
              </span>
              <time dateTime={r.at.toISOString()} className="text-xs text-slate-500">{when.format(r.at)} UTC</time>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
