import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { DEMO_MEMBERS, DEMO_PASSWORD } from "@/db/seed";
import { currentMember } from "@/lib/auth/require-actor";
import { env } from "@/lib/env";
import { isSetUp } from "@/lib/setup";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  // A fresh install has nobody to sign in: the settings pages lead here, and here leads to setup.
  await connection(); // request-time only: the build must not open the database
  if (!(await isSetUp())) redirect("/setup");
  if (await currentMember()) redirect("/settings/authorization");
  const demo = env().demo;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight text-slate-900">Tollgate</p>
          <h1 className="mt-2 text-lg text-slate-600">Sign in to your account</h1>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <Suspense>
            <LoginForm />
          </Suspense>
        </div>
        {demo && (
          <section aria-labelledby="demo-heading" className="mt-6 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
            <h2 id="demo-heading" className="font-medium">Demo mode</h2>
            <p className="mt-1">
              The demo account “Acme” is seeded. Every member’s password is <code className="font-mono">{DEMO_PASSWORD}</code>.
            </p>
            <ul className="mt-2 space-y-0.5 font-mono text-xs">
              {DEMO_MEMBERS.map((m) => (
                <li key={m.email}>
                  {m.email} <span className="font-sans text-amber-800">({m.role})</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}
