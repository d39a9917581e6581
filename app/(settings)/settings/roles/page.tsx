import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireActor } from "@/lib/auth/require-actor";
import { canCreateRoles, roleAbilities } from "@/lib/access";
import { summarizePolicy } from "@/lib/policy";
import { listRoles } from "@/lib/roles";
import { RolesList } from "./roles-list";
import type { RoleRowData } from "./view-model";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  const actor = await requireActor();
  const roles = await listRoles(actor);
  const rows: RoleRowData[] = roles.map((role) => ({
    id: role.id,
    key: role.key,
    name: role.name,
    description: role.description,
    policyJson: JSON.stringify(role.policy, null, 2),
    summary: summarizePolicy(role.policy),
    hasDeny: role.policy.some((statement) => statement.effect === "deny"),
    memberCount: role.memberCount,
    tokenCount: role.tokenCount,
    updatedAt: role.updatedAt.toISOString(),
    abilities: roleAbilities(actor, role.key),
  }));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Roles"
        description="Custom roles are policies you give to members and tokens. A change applies to everyone who has the role from their next request."
      />
      <RolesList rows={rows} canCreate={canCreateRoles(actor)} />
    </div>
  );
}
