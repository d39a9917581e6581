"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action-result";
import { requireActor } from "@/lib/auth/require-actor";
import { inviteMember, removeMember, updateMemberRoles } from "@/lib/members";
import { parseForm } from "@/lib/forms";
import { inviteMemberForm, removeMemberForm, updateMemberRolesForm } from "./input";

// Thin doors: who is calling → parse → one domain call → revalidate. Every rule (who may
// grant what, the last owner, removing oneself) is the domain's; its messages come back as is.

const PAGE = "/settings/members";

/** What the browser keeps, in memory only, to show the one-time password once. */
export type InvitedReveal = { memberId: string; email: string; oneTimePassword: string };

export async function inviteMemberAction(input: unknown): Promise<ActionResult<InvitedReveal>> {
  const actor = await requireActor();
  return runAction(async () => {
    const { member, oneTimePassword } = await inviteMember(actor, parseForm(inviteMemberForm, input));
    revalidatePath(PAGE);
    return { memberId: member.id, email: member.email, oneTimePassword };
  });
}

export async function updateMemberRolesAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  const actor = await requireActor();
  return runAction(async () => {
    const { memberId, ...changes } = parseForm(updateMemberRolesForm, input);
    const member = await updateMemberRoles(actor, memberId, changes);
    revalidatePath(PAGE);
    return { email: member.email };
  });
}

export async function removeMemberAction(input: unknown): Promise<ActionResult> {
  const actor = await requireActor();
  return runAction(async () => {
    await removeMember(actor, parseForm(removeMemberForm, input).memberId);
    revalidatePath(PAGE);
    // Their personal tokens now show as a removed member's on the Authorization page.
    revalidatePath("/settings/authorization");
    return undefined;
  });
}
