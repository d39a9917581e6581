"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action-result";
import { requireActor } from "@/lib/auth/require-actor";
import { createRole, deleteRole, roleUsage, updateRole, type DeletedRole, type RoleUsage } from "@/lib/roles";
import { parseForm } from "@/lib/forms";
import { createRoleForm, policyFromJson, roleKeyForm, updateRoleForm } from "./input";

// Thin doors: who is calling → parse → one domain call → revalidate (docs/architecture.md).
// Every rule lives in lib/roles, so the REST API and the console cannot disagree.

const PAGE = "/settings/roles";

export async function createRoleAction(input: unknown): Promise<ActionResult<{ key: string; name: string }>> {
  const actor = await requireActor();
  return runAction(async () => {
    const form = parseForm(createRoleForm, input);
    const role = await createRole(actor, { key: form.key, name: form.name, description: form.description, policy: policyFromJson(form.policyJson) });
    revalidatePath(PAGE);
    return { key: role.key, name: role.name };
  });
}

export async function updateRoleAction(input: unknown): Promise<ActionResult<{ key: string; name: string }>> {
  const actor = await requireActor();
  return runAction(async () => {
    const { key, policyJson, ...fields } = parseForm(updateRoleForm, input);
    const role = await updateRole(actor, key, { ...fields, ...(policyJson === undefined ? {} : { policy: policyFromJson(policyJson) }) });
    revalidatePath(PAGE);
    return { key: role.key, name: role.name };
  });
}

/** Who loses what if the role goes: read when the delete confirmation opens. */
export async function roleUsageAction(input: unknown): Promise<ActionResult<RoleUsage>> {
  const actor = await requireActor();
  return runAction(() => roleUsage(actor, parseForm(roleKeyForm, input).key));
}

export async function deleteRoleAction(input: unknown): Promise<ActionResult<DeletedRole>> {
  const actor = await requireActor();
  return runAction(async () => {
    const deleted = await deleteRole(actor, parseForm(roleKeyForm, input).key);
    revalidatePath(PAGE);
    return deleted;
  });
}
