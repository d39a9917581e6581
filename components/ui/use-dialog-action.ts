"use client";

import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";

/**
 * A confirmation's submit: runs the server action in a transition, keeps its refusal as the form's
 * error, and hands a success to `onDone`.
 */
export function useDialogAction<T>(run: () => Promise<ActionResult<T>>, onDone: (data: T) => void) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function submit(event: FormEvent) {
    event.preventDefault();
    start(async () => {
      const result = await run();
      if (!result.ok) return setError(result.error);
      onDone(result.data);
    });
  }
  return { error, setError, pending, submit };
}
