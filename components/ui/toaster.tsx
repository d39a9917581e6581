"use client";

import { Toaster as Sonner } from "sonner";

/** Toasts for results ("Token deleted"); sonner announces them in a polite live region. */
export function Toaster() {
  return <Sonner position="bottom-right" richColors closeButton />;
}
