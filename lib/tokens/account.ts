// Account-level facts the create panel needs: the service-token quota and the custom roles.
import { asc, eq } from "drizzle-orm";
import { database } from "../../db/client";
import { accounts, customRoles } from "../../db/schema";
import { NotFound } from "../errors";
import { countServiceTokens } from "./queries";
import type { Actor } from "./types";

/** How many service tokens exist and may exist, so the panel can explain a full quota up front. */
export async function serviceTokenUsage(actor: Actor): Promise<{ used: number; limit: number }> {
  const db = await database();
  const [account] = await db
    .select({ limit: accounts.serviceTokenLimit })
    .from(accounts)
    .where(eq(accounts.id, actor.accountId))
    .limit(1);
  if (!account) throw new NotFound("No such account");
  return { used: await countServiceTokens(db, actor.accountId), limit: account.limit };
}

export interface CustomRoleOption {
  id: string;
  key: string;
  name: string;
  description: string;
}

/**
 * The account's custom roles for the "Custom" role picker. Every member may see them: assigning
 * one to a personal token cannot exceed the member (requests check both), and the server decides
 * on save whether a service token may carry them.
 */
export async function listCustomRolesForPicker(actor: Actor): Promise<CustomRoleOption[]> {
  const db = await database();
  return db
    .select({ id: customRoles.id, key: customRoles.key, name: customRoles.name, description: customRoles.description })
    .from(customRoles)
    .where(eq(customRoles.accountId, actor.accountId))
    .orderBy(asc(customRoles.name), asc(customRoles.key));
}
