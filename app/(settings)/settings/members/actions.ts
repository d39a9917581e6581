"use server";

import { revalidatePath } from "next/cache";
import type { Actor } from "@/lib/access";
import { runAction, type ActionResult } from "@/lib/action-result";
import { requireActor } from "@/lib/auth/require-actor";
import { inviteMember, removeMember, resendInvitation, resetMemberPassword, revokeInvitation, updateMemberRoles } from "@/lib/members";
import { parseForm } from "@/lib/forms";
import { inviteMemberForm, memberIdForm, removeMemberForm, updateMemberRolesForm } from "./input";

// Thin doors: who is calling → parse → one domain call → revalidate. Every rule (who may
// grant what, the last owner, removing oneself) is the domain's; its messages come back as is.

const PAGE = "/settings/members";

/**
 * What the browser keeps, in memory only, to show a set-password link once: after an
 * invitation, a resend or a reset. This action's response is the only one that carries it.
 */
export type LinkReveal = { email: string; setPasswordUrl: string; emailed: boolean; purpose: "invite" | "reset" };

export async function inviteMemberAction(input: unknown): Promise<ActionResult<LinkReveal>> {
  const actor = await requireActor();
  return runAction(async () => {
    const { member, setPasswordUrl, emailed } = await inviteMember(actor, parseForm(inviteMemberForm, input));
    revalidatePath(PAGE);
    return { email: member.email, setPasswordUrl, emailed, purpose: "invite" };
  });
}

/** Resend and reset: a new set-password link for one member, returned to be shown once. */
async function issueLink(
  input: unknown,
  issue: (actor: Actor, memberId: string) => Promise<{ email: string; setPasswordUrl: string; emailed: boolean }>,
  purpose: LinkReveal["purpose"],
): Promise<ActionResult<LinkReveal>> {
  const actor = await requireActor();
  return runAction(async () => {
    const { email, setPasswordUrl, emailed } = await issue(actor, parseForm(memberIdForm, input).memberId);
    revalidatePath(PAGE);
    return { email, setPasswordUrl, emailed, purpose };
  });
}

export async function resendInvitationAction(input: unknown): Promise<ActionResult<LinkReveal>> {
  return issueLink(input, resendInvitation, "invite");
}

export async function revokeInvitationAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  const actor = await requireActor();
  return runAction(async () => {
    const revoked = await revokeInvitation(actor, parseForm(memberIdForm, input).memberId);
    revalidatePath(PAGE);
    return revoked;
  });
}

export async function resetPasswordAction(input: unknown): Promise<ActionResult<LinkReveal>> {
  return issueLink(input, resetMemberPassword, "reset");
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
