import type { Metadata } from "next";
import Link from "next/link";
import { DEAD_LINK_MESSAGE, openLink } from "@/lib/passwords";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Choose your password" };

/**
 * The page a set-password link opens. Opening it changes nothing (mail scanners follow links);
 * only submitting a password uses it up. A link that cannot be used gets one plain answer.
 */
export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await openLink(token);
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight text-slate-900">Tollgate</p>
          <h1 className="mt-2 text-lg text-slate-600">
            {link ? (link.purpose === "invite" ? `Join ${link.accountName}` : "Choose a new password") : "This link cannot be used"}
          </h1>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {link ? (
            <SetPasswordForm
              token={token}
              email={link.email}
              purpose={link.purpose}
              personal={[link.email, link.firstName, link.lastName, link.accountName].filter(Boolean)}
            />
          ) : (
            <DeadLink />
          )}
        </div>
      </div>
    </main>
  );
}

function DeadLink() {
  return (
    <div className="space-y-4 text-sm">
      <p role="alert" className="text-slate-800" data-testid="dead-link">
        {DEAD_LINK_MESSAGE}
      </p>
      <p>
        <Link href="/login" className="font-medium text-brand-700 underline">
          Go to sign-in
        </Link>
      </p>
    </div>
  );
}
