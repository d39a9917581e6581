import type { Metadata } from "next";
import { requireMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Authorization" };

export default async function AuthorizationPage() {
  await requireMember();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Authorization</h1>
        <p className="mt-1 text-sm text-slate-600">Manage the access tokens that programs use to call the Tollgate REST API.</p>
      </div>
      <section aria-labelledby="access-tokens-heading" className="rounded-lg border border-slate-200 bg-white">
        <h2 id="access-tokens-heading" className="border-b border-slate-200 px-4 py-3 text-base font-semibold">Access tokens</h2>
      </section>
    </div>
  );
}
