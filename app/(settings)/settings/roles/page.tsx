import type { Metadata } from "next";
import { asc, eq } from "drizzle-orm";
import { PageHeader } from "@/components/page-header";
import { database } from "@/db/client";
import { customRoles } from "@/db/schema";
import { requireMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  const viewer = await requireMember();
  const db = await database();
  const rows = await db
    .select({ id: customRoles.id, key: customRoles.key, name: customRoles.name, description: customRoles.description })
    .from(customRoles)
    .where(eq(customRoles.accountId, viewer.account.id))
    .orderBy(asc(customRoles.key));
  return (
    <div className="space-y-6">
      <PageHeader title="Roles" description="Custom roles: policies you can give to members and tokens." />
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">No custom roles yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {rows.map((r) => (
            <li key={r.id} className="px-4 py-3">
              <p className="font-medium">
                {r.name} <code className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-600">{r.key}</code>
              </p>
              {r.description && <p className="mt-0.5 text-sm text-slate-600">{r.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
