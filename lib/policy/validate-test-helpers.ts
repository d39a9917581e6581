import { expect } from "vitest";
import { parsePolicy, type PolicyError } from "./validate";

export const valid = { effect: "allow", actions: ["createProject"], resources: ["proj/*"] };

export function errorsOf(input: unknown): PolicyError[] {
  const result = parsePolicy(input);
  if (result.ok) throw new Error("expected the policy to be rejected");
  return result.errors;
}

export function onlyError(input: unknown): PolicyError {
  const errors = errorsOf(input);
  expect(errors).toHaveLength(1);
  return errors[0] as PolicyError;
}
