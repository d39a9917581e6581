import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { env } from "@/lib/env";
import { announceSetupCode, isSetUp } from "@/lib/setup";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Tollgate" };

/** First-run setup: only while no account exists; afterwards it leads to the sign-in page. */
export default async function SetupPage() {
  await connection(); // request-time only: the build must not open the database
  if (await isSetUp()) redirect("/login");
  // server.ts printed a code at start; under `next dev` (no server.ts) this prints one now.
  await announceSetupCode(env().publicUrl);
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight text-slate-900">Tollgate</p>
          <h1 className="mt-2 text-lg text-slate-600">Set up Tollgate</h1>
          <p className="mt-2 text-sm text-slate-600">
            Create the account and its first owner. The setup code is in the server’s log, on the line that starts with “Setup code”.
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <SetupForm />
        </div>
      </div>
    </main>
  );
}
