"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useRestoreFocus } from "./use-restore-focus";
import type { ReactNode } from "react";

/** What every Modal and Sheet is given; each says what its description may be. */
export type DialogProps = { open: boolean; onOpenChange: (open: boolean) => void; title: string; children: ReactNode };

const FIELD = "input:not([type=hidden]), select, textarea";

/**
 * What Modal and Sheet share: Radix Dialog's root, portal, overlay and content, with focus going
 * back to the opener on close. `focusFirstField` lands on the first field instead of the first
 * focusable element, for panels that are forms.
 */
export function DialogShell({
  open,
  onOpenChange,
  overlayClassName,
  className,
  focusFirstField = false,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  overlayClassName: string;
  className: string;
  focusFirstField?: boolean;
  children: ReactNode;
}) {
  const opener = useRestoreFocus();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClassName} />
        <Dialog.Content
          onCloseAutoFocus={opener.restore}
          onOpenAutoFocus={(event) => {
            opener.remember();
            if (!focusFirstField) return;
            const field = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>(FIELD);
            if (field) {
              event.preventDefault();
              field.focus();
            }
          }}
          className={className}
        >
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The dialog's accessible name, and its description: the title again, hidden, when there is none. */
export function DialogHeading({ title, description }: { title: string; description: ReactNode }) {
  return (
    <>
      <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
      {description ?? <Dialog.Description className="sr-only">{title}</Dialog.Description>}
    </>
  );
}
