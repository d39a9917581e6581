// The actor of an API request made with a token, the way the REST API authenticates it.
import { authenticateApiToken } from "@/lib/auth";
import type { BuiltInRole } from "@/lib/policy";
import { createAccessToken } from "@/lib/tokens";
import { type Actor } from "@/lib/access";

/** The actor of a request with `secret` from `ip`; throws if the secret does not authenticate. */
export async function actorOfSecret(secret: string, ip: string | null = null): Promise<Actor> {
  const caller = await authenticateApiToken(secret, ip);
  if (!caller) throw new Error("the token did not authenticate");
  return caller.actor;
}

/** The actor of a request made with a new token of `creator` that holds a built-in role. */
export async function tokenActor(
  creator: Actor,
  role: BuiltInRole,
  options: { serviceToken?: boolean; ip?: string | null; name?: string } = {},
): Promise<Actor> {
  const name = options.name ?? `t-${Math.random()}`;
  const { secret } = await createAccessToken(creator, { name, serviceToken: options.serviceToken ?? false, permission: { kind: "role", role } });
  return actorOfSecret(secret, options.ip ?? null);
}
