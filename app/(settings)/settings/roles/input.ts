import { z } from "zod";
import { Invalid } from "@/lib/errors";
import { readPolicyJson } from "@/lib/policy";

// The browser door's shapes (parse, don't trust). The policy travels as the editor's text and is
// decoded here, so a JSON syntax error gets its line and column; the roles domain validates it.

const key = z.string().max(1_000);

export const createRoleForm = z.object({
  key,
  name: z.string().max(10_000),
  description: z.string().max(100_000).default(""),
  policyJson: z.string().max(256 * 1024),
});

export const updateRoleForm = z.object({
  key,
  name: z.string().max(10_000).optional(),
  description: z.string().max(100_000).optional(),
  policyJson: z.string().max(256 * 1024).optional(),
});

export const roleKeyForm = z.object({ key });

/**
 * The editor's text as JSON. A syntax error is reported with its line and column; a policy that
 * is valid JSON goes to the domain, which reports its problems (statement and field) together
 * with any problem in the key, name or description.
 */
export function policyFromJson(text: string): unknown {
  const read = readPolicyJson(text);
  if (read.ok) return read.value;
  throw new Invalid(`The policy is invalid: ${read.message}`, { policy: read.message });
}
