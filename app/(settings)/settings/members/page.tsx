import type { Metadata } from "next";
import { and, asc, eq, isNull } from "drizzle-orm";
import { PageHeader } from "@/components/page-header";
import { database } from "@/db/client";
import { members } from "@/db/schema";
import { requireMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const viewer = await requireMember();
  const db = await database();
  const rows = await db
    .select({ id: members.id, email: members.email, firstName: members.firstName, lastName: members.lastName, role: members.role })
    .from(members)
    .where(and(eq(members.accountId, viewer.account.id), isNull(members.removedAt)))
    .orderBy(asc(members.email));
  return (
    <div className="space-y-6">
      <PageHeader title="Members" description="Everyone who can sign in to this account, and their role." />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Members</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Name</th>
              <th scope="col" className="px-4 py-2 font-medium">Email</th>
              <th scope="col" className="px-4 py-2 font-medium">Role</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((m) => (
              <tr key={m.id}>
                <td className="px-4 py-2 font-medium">{`${m.firstName} ${m.lastName}`.trim() || "—"}</td>
                <td className="px-4 py-2">{m.email}</td>
                <td className="px-4 py-2 capitalize">{m.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
