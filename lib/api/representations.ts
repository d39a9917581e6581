import type { TokenView } from "../tokens/types";
import { selfLink } from "./paths";

const ms = (d: Date | null) => (d ? d.getTime() : undefined);

/**
 * A token as LaunchDarkly's API shows it (SPEC §5). `token` is the full secret only in the
 * response that creates, clones or resets it; otherwise just its last four characters.
 */
export function tokenRepresentation(view: TokenView, secret?: string) {
  const p = view.permission;
  return {
    _id: view.id,
    ownerId: view.accountId,
    memberId: view.memberId,
    _member: {
      _id: view.member.id,
      email: view.member.email,
      firstName: view.member.firstName,
      lastName: view.member.lastName,
      role: view.member.role,
    },
    name: view.name,
    description: view.description,
    creationDate: view.createdAt.getTime(),
    lastModified: view.updatedAt.getTime(),
    role: p.kind === "role" ? p.role : undefined,
    customRoleIds: p.kind === "customRoles" ? p.customRoles.map((r) => r.id) : [],
    inlineRole: p.kind === "inline" ? p.policy : [],
    serviceToken: view.serviceToken,
    defaultApiVersion: view.defaultApiVersion,
    token: secret ?? view.ending,
    lastUsed: ms(view.lastUsedAt),
    expiresAt: ms(view.expiresAt),
    _links: { ...selfLink(`/tokens/${view.id}`), parent: { href: "/api/v2/tokens", type: "application/json" } },
  };
}
