import { z } from "zod";
import { Invalid } from "./errors";

/**
 * Zod's issues as the domain's Invalid error: one message per field (the first), so a form can
 * show each next to its control and the REST API can name them.
 */
export function invalidFromZod(error: z.ZodError, message = error.issues[0]?.message ?? "Invalid input"): Invalid {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "input");
    fieldErrors[field] ??= issue.message;
  }
  return new Invalid(message, fieldErrors);
}

/** Parses input with a schema; a failure is Invalid with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message?: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidFromZod(parsed.error, message);
}

/** Parses a server action's input; failures become field errors for the form. */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return parseInput(schema, input, "Check the highlighted fields");
}
