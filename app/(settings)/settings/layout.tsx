import Link from "next/link";
import { requireMember } from "@/lib/auth/require-actor";
import { SettingsNav } from "./settings-nav";
import { SignOutButton } from "./sign-out-button";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  const name = `${member.firstName} ${member.lastName}`.trim() || member.email;
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <div className="flex items-center gap-3">
            <Link href="/settings/authorization" className="text-lg font-semibold tracking-tight">
              Tollgate
            </Link>
            <span aria-hidden className="text-slate-300">/</span>
            <span className="text-sm font-medium text-slate-700" data-testid="account-name">{member.account.name}</span>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-right leading-tight">
              <span className="block font-medium" data-testid="member-name">{name}</span>
              <span className="block text-xs text-slate-500">
                {member.email} · <span className="capitalize">{member.role}</span>
              </span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row">
        <SettingsNav />
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
