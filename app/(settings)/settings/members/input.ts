import { z } from "zod";
import { BUILT_IN_ROLES } from "@/lib/policy";

// The browser door's shapes (parse, don't trust). Server actions are public endpoints: these accept
// `unknown` and bound every size; the members domain validates the values again.

const memberId = z.string().min(1).max(64);

export const updateMemberRolesForm = z.object({
  memberId,
  role: z.enum(BUILT_IN_ROLES).optional(),
  customRoleIds: z.array(z.string().max(64)).max(100).optional(),
});

export const removeMemberForm = z.object({ memberId });

/** Resend or revoke an invitation, reset a password: the member is all they name. */
export const memberIdForm = z.object({ memberId });

export const inviteMemberForm = z.object({
  email: z.string().max(1_000),
  firstName: z.string().max(1_000).default(""),
  lastName: z.string().max(1_000).default(""),
  role: z.enum(BUILT_IN_ROLES, { error: "Choose a role" }),
});
