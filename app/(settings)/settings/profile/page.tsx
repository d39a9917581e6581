import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { listOwnSessions } from "@/lib/auth";
import { requireCaller } from "@/lib/auth/require-actor";
import { ChangePasswordForm } from "./change-password-form";
import { SessionsTable } from "./sessions-table";
import type { SessionRowData } from "./view-model";

export const metadata: Metadata = { title: "Profile" };

const ROLE_NAMES = { no_access: "No access", reader: "Reader", writer: "Writer", admin: "Admin", owner: "Owner" } as const;

export default async function ProfilePage() {
  const { member, actor } = await requireCaller();
  const sessions: SessionRowData[] = (await listOwnSessions(actor)).map((s) => ({
    id: s.id,
    browser: s.browser,
    os: s.os,
    ip: s.ip,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    current: s.current,
  }));
  const name = `${member.firstName} ${member.lastName}`.trim();
  return (
    <div className="space-y-6">
      <PageHeader title="Profile" description="Your details, your password and where you are signed in." />

      <section aria-labelledby="details-heading" className="rounded-lg border border-slate-200 bg-white">
        <h2 id="details-heading" className="border-b border-slate-200 px-4 py-3 text-base font-semibold">
          Your details
        </h2>
        <dl className="grid gap-x-6 gap-y-3 px-4 py-4 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-slate-500">Name</dt>
          <dd data-testid="profile-name">{name || <span className="text-slate-500">Not set</span>}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd className="break-all" data-testid="profile-email">{member.email}</dd>
          <dt className="text-slate-500">Role</dt>
          <dd data-testid="profile-role">{ROLE_NAMES[member.role]}</dd>
          <dt className="text-slate-500">Account</dt>
          <dd>{member.account.name}</dd>
        </dl>
      </section>

      <section aria-labelledby="password-heading" className="rounded-lg border border-slate-200 bg-white">
        <div className="border-b border-slate-200 px-4 py-3">
          <h2 id="password-heading" className="text-base font-semibold">Change password</h2>
          <p className="text-xs text-slate-500">Every other browser signed in as you is signed out.</p>
        </div>
        <div className="px-4 py-4">
          <ChangePasswordForm personal={[member.email, member.firstName, member.lastName, member.account.name].filter(Boolean)} />
        </div>
      </section>

      <SessionsTable sessions={sessions} />
    </div>
  );
}
