"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { useDateFormatter } from "@/components/format";
import { Button } from "@/components/ui/button";
import { DataTable, EmptyState, td } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/form-error";
import { endOtherSessionsAction, endSessionAction } from "./actions";
import type { SessionRowData } from "./view-model";

/** The member's own signed-in browsers, with Sign out on each and on all the others. */
export function SessionsTable({ sessions }: { sessions: SessionRowData[] }) {
  const fmt = useDateFormatter();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [, start] = useTransition();
  const others = sessions.filter((s) => !s.current).length;

  function endOne(session: SessionRowData) {
    setError(null);
    setBusy(session.id);
    start(async () => {
      const result = await endSessionAction({ sessionId: session.id });
      setBusy(null);
      if (!result.ok) return setError(result.error);
      if (result.data.current) {
        // This browser's own row: finish signing out here too.
        await signOut({ redirect: false });
        router.replace("/login");
        router.refresh();
        return;
      }
      toast.success(`Signed out ${session.browser} on ${session.os}`);
    });
  }

  function endOthers() {
    setError(null);
    setBusy("others");
    start(async () => {
      const result = await endOtherSessionsAction();
      setBusy(null);
      if (!result.ok) return setError(result.error);
      toast.success(result.data.ended === 1 ? "Signed out 1 other session" : `Signed out ${result.data.ended} other sessions`);
    });
  }

  return (
    <section aria-labelledby="sessions-heading" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id="sessions-heading" className="text-base font-semibold">Active sessions</h2>
          <p className="text-xs text-slate-500">Browsers signed in as you. Sign out any you don’t recognise, then change your password.</p>
        </div>
        <Button variant="secondary" disabled={others === 0 || busy !== null} onClick={endOthers}>
          {busy === "others" ? "Signing out…" : "Sign out everywhere else"}
        </Button>
      </div>
      <div className="space-y-3 p-4">
        <FormError message={error} />
        {sessions.length === 0 ? (
          <EmptyState title="No active sessions" hint="Sessions appear here when you sign in." />
        ) : (
          <DataTable
            caption="Active sessions"
            minWidth="min-w-[40rem]"
            columns={["Browser", "Client address", "Signed in", "Last activity"]}
            actions
          >
            {sessions.map((session) => (
              <tr key={session.id} data-testid="session-row" data-current={session.current || undefined}>
                <th scope="row" className={`${td} font-normal`}>
                  <span className="font-medium text-slate-900">{session.browser} on {session.os}</span>
                  {session.current && <span className="ml-1.5 rounded bg-brand-50 px-1.5 text-xs text-brand-800">This browser</span>}
                </th>
                <td className={`${td} font-mono text-xs`}>{session.ip ?? <span className="font-sans text-slate-500">Unknown</span>}</td>
                <td className={`${td} whitespace-nowrap`}><time dateTime={session.createdAt}>{fmt.dateTime(session.createdAt)}</time></td>
                <td className={`${td} whitespace-nowrap`}><time dateTime={session.lastSeenAt}>{fmt.dateTime(session.lastSeenAt)}</time></td>
                <td className={`${td} text-right`}>
                  <Button
                    variant="secondary"
                    disabled={busy !== null}
                    aria-label={`Sign out ${session.browser} on ${session.os}${session.current ? " (this browser)" : ""}, signed in ${fmt.dateTime(session.createdAt)}`}
                    onClick={() => endOne(session)}
                  >
                    {busy === session.id ? "Signing out…" : "Sign out"}
                  </Button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </div>
    </section>
  );
}
