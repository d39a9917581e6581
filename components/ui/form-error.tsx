/** The domain's answer to a refused change, announced to screen readers. */
export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="whitespace-pre-line rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

/** Field errors that only repeat the form's message are left out, so it is said once. */
export function fieldErrorsBesides(fieldErrors: Record<string, string> | undefined, message: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors ?? {}).filter(([, text]) => text !== message));
}
