"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { DialogHeading, DialogShell, type DialogProps } from "./dialog-shell";
import type { ReactNode } from "react";

/** A centred dialog for confirmations and small forms. */
export function Modal({ open, onOpenChange, title, description, children }: DialogProps & { description?: ReactNode }) {
  return (
    <DialogShell
      open={open}
      onOpenChange={onOpenChange}
      overlayClassName="fixed inset-0 z-40 bg-slate-900/30"
      className="fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl focus:outline-none"
    >
      <DialogHeading
        title={title}
        description={
          description ? (
            <Dialog.Description asChild>
              <div className="mt-2 text-sm text-slate-600">{description}</div>
            </Dialog.Description>
          ) : undefined
        }
      />
      <div className="mt-4">{children}</div>
    </DialogShell>
  );
}
