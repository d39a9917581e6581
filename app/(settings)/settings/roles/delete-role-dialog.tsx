"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { DialogForm } from "@/components/ui/dialog-form";
import { Modal } from "@/components/ui/modal";
import { useDialogAction } from "@/components/ui/use-dialog-action";
import type { RoleUsage } from "@/lib/roles";
import { deleteRoleAction, roleUsageAction } from "./actions";
import type { RoleRowData } from "./view-model";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function UsageList({ usage, role }: { usage: RoleUsage; role: RoleRowData }) {
  const tokenTotal = usage.tokens.length + usage.hiddenTokenCount;
  if (usage.members.length === 0 && tokenTotal === 0) {
    return <p data-testid="role-usage">No member or token has this role: nothing loses access.</p>;
  }
  return (
    <div data-testid="role-usage" className="space-y-3">
      <p className="font-medium text-slate-800">What loses access</p>
      {usage.members.length > 0 && (
        <div>
          <p>{plural(usage.members.length, "member loses", "members lose")} this role (they keep their built-in role):</p>
          <ul aria-label="Members who lose this role" className="mt-1 max-h-32 list-disc overflow-y-auto pl-5">
            {usage.members.map((m) => <li key={m.id}>{m.email}</li>)}
          </ul>
        </div>
      )}
      {tokenTotal > 0 && (
        <div>
          <p>{plural(tokenTotal, "token loses", "tokens lose")} this role; a token with no other role can then do nothing:</p>
          <ul aria-label="Tokens that lose this role" className="mt-1 max-h-32 list-disc overflow-y-auto pl-5">
            {usage.tokens.map((t) => (
              <li key={t.id}>
                {t.name} <span className="text-xs text-slate-500">({t.serviceToken ? "service" : "personal"})</span>
              </li>
            ))}
            {usage.hiddenTokenCount > 0 && <li>{plural(usage.hiddenTokenCount, "personal token", "personal tokens")} of other members</li>}
          </ul>
        </div>
      )}
      {role.hasDeny && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
          This role denies some actions, so its holders may be able to do more once it is gone.
        </p>
      )}
    </div>
  );
}

export function DeleteRoleDialog({ role, onClose }: { role: RoleRowData; onClose: () => void }) {
  const [usage, setUsage] = useState<RoleUsage | null>(null);
  const { error, setError, pending, submit } = useDialogAction(
    () => deleteRoleAction({ key: role.key }),
    () => {
      toast.success(`Deleted “${role.name}”`);
      onClose();
    },
  );

  useEffect(() => {
    let live = true;
    void roleUsageAction({ key: role.key }).then((result) => {
      if (!live) return;
      if (result.ok) setUsage(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [role.key, setError]);

  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title="Delete role"
      description={<>“{role.name}” (<code>{role.key}</code>) will be deleted. This can’t be undone.</>}
    >
      <DialogForm
        onSubmit={submit}
        onCancel={onClose}
        pending={pending}
        busy={pending || (!usage && !error)}
        error={error}
        submitLabel="Delete role"
        pendingLabel="Deleting…"
        disabled={!usage}
        danger
        className="text-sm text-slate-700"
      >
        {usage ? <UsageList usage={usage} role={role} /> : !error && <p role="status">Checking who uses this role…</p>}
      </DialogForm>
    </Modal>
  );
}
