import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/tokens/types";
import { loadMemberActor } from "./actor";
import { clientIpFrom } from "./client-ip";
import { requireMember, type CurrentMember } from "./session";

/**
 * requireMember() plus the Actor the domain layer checks: the first line of every settings page
 * and server action that touches tokens.
 */
export async function requireActor(): Promise<{ member: CurrentMember; actor: Actor }> {
  const member = await requireMember();
  const actor = await loadMemberActor(member.id, clientIpFrom(await headers()), member.sessionId);
  if (!actor) redirect("/login");
  return { member, actor };
}
