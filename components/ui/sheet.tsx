"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { DialogHeading, DialogShell, type DialogProps } from "./dialog-shell";

/** A side panel sliding in from the right (Radix Dialog: focus trap, Escape, labelled). */
export function Sheet({ open, onOpenChange, title, description, children }: DialogProps & { description?: string }) {
  return (
    <DialogShell
      open={open}
      onOpenChange={onOpenChange}
      // Land on the first field rather than the close button: the panel is a form.
      focusFirstField
      overlayClassName="fixed inset-0 z-40 bg-slate-900/30 data-[state=open]:animate-[fade-in_150ms_ease-out]"
      className="fixed inset-y-0 right-0 z-50 flex w-full max-w-lg flex-col bg-white shadow-xl focus:outline-none data-[state=open]:animate-[slide-in_200ms_ease-out]"
    >
      <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-6 py-4">
        <div>
          <DialogHeading
            title={title}
            description={description ? <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description> : undefined}
          />
        </div>
        <Dialog.Close className="rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800" aria-label="Close">
          <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
            <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
          </svg>
        </Dialog.Close>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
    </DialogShell>
  );
}
