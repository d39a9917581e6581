"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action-result";
import { requireActor } from "@/lib/auth/require-actor";
import { cloneAccessToken, createAccessToken, deleteAccessToken, resetAccessToken, updateAccessToken } from "@/lib/tokens";
import { parseForm } from "@/lib/forms";
import { createTokenForm, resetTokenForm, toCreateInput, toUpdateInput, tokenIdForm, updateTokenForm } from "./input";

// Thin doors: who is calling → parse → one domain call → revalidate (docs/architecture.md).
// Every rule lives in lib/, so the REST API and the console cannot disagree. The secret goes back
// only in this action's response; the revalidated page renders from the database, which has none.

const PAGE = "/settings/authorization";

/** What the browser keeps, in memory only, to show the new secret once. */
export type Revealed = { tokenId: string; name: string; secret: string };

export async function createTokenAction(input: unknown): Promise<ActionResult<Revealed>> {
  const actor = await requireActor();
  return runAction(async () => {
    const { token, secret } = await createAccessToken(actor, toCreateInput(parseForm(createTokenForm, input)));
    revalidatePath(PAGE);
    return { tokenId: token.id, name: token.name, secret };
  });
}

export async function cloneTokenAction(input: unknown): Promise<ActionResult<Revealed>> {
  const actor = await requireActor();
  return runAction(async () => {
    const form = parseForm(tokenIdForm, input);
    const { token, secret } = await cloneAccessToken(actor, form.tokenId, form.name ? { name: form.name } : {});
    revalidatePath(PAGE);
    return { tokenId: token.id, name: token.name, secret };
  });
}

export async function updateTokenAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  const actor = await requireActor();
  return runAction(async () => {
    const form = parseForm(updateTokenForm, input);
    const token = await updateAccessToken(actor, form.tokenId, toUpdateInput(form));
    revalidatePath(PAGE);
    return { name: token.name };
  });
}

export async function resetTokenAction(input: unknown): Promise<ActionResult<Revealed>> {
  const actor = await requireActor();
  return runAction(async () => {
    const form = parseForm(resetTokenForm, input);
    const oldSecretExpiresAt = form.graceHours === 0 ? null : new Date(Date.now() + form.graceHours * 3_600_000);
    const { token, secret } = await resetAccessToken(actor, form.tokenId, { oldSecretExpiresAt });
    revalidatePath(PAGE);
    return { tokenId: token.id, name: token.name, secret };
  });
}

export async function deleteTokenAction(input: unknown): Promise<ActionResult> {
  const actor = await requireActor();
  return runAction(async () => {
    await deleteAccessToken(actor, parseForm(tokenIdForm, input).tokenId);
    revalidatePath(PAGE);
    return undefined;
  });
}
