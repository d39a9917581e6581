import { and, eq, sql } from "drizzle-orm";
import { hashPassword } from "../lib/secrets";
import { env } from "../lib/env";
import type { Db } from "./client";
import { accounts, customRoles, DEFAULT_PROJECT_ENVIRONMENTS, members, projectEnvironments, projects } from "./schema";

export const DEMO_ACCOUNT = "Acme";
export const DEMO_PASSWORD = "tollgate-demo";
export const DEMO_MEMBERS = [
  { email: "owner@acme.test", firstName: "Olivia", lastName: "Owner", role: "owner" },
  { email: "admin@acme.test", firstName: "Adam", lastName: "Admin", role: "admin" },
  { email: "writer@acme.test", firstName: "Wendy", lastName: "Writer", role: "writer" },
  { email: "reader@acme.test", firstName: "Reed", lastName: "Reader", role: "reader" },
] as const;

export const DEMO_ROLES = [
  {
    key: "token-auditor",
    name: "Token auditor",
    description: "May view everything, change nothing.",
    policy: [{ effect: "deny", actions: ["*"], resources: ["*"] }],
  },
  {
    key: "project-editor",
    name: "Project editor",
    description: "May create and update projects.",
    policy: [{ effect: "allow", actions: ["createProject", "updateProject"], resources: ["proj/*"] }],
  },
];

// Any fixed number: instances starting together seed one after the other, never twice.
const SEED_LOCK = 7_301_944_212;

/** Seeds the demo account (README, "Demo accounts"). Idempotent: running it again changes nothing. */
export async function seedDemo(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    let [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.name, DEMO_ACCOUNT)).limit(1);
    if (!account) {
      [account] = await tx
        .insert(accounts)
        .values({ name: DEMO_ACCOUNT, serviceTokenLimit: env().serviceTokenLimit })
        .returning({ id: accounts.id });
    }
    if (!account) throw new Error("could not create the demo account");
    const accountId = account.id;
    for (const member of DEMO_MEMBERS) {
      const [existing] = await tx
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.accountId, accountId), sql`lower(${members.email}) = ${member.email}`))
        .limit(1);
      if (!existing) await tx.insert(members).values({ accountId, passwordHash, ...member });
    }
    await tx
      .insert(customRoles)
      .values(DEMO_ROLES.map((role) => ({ accountId, ...role })))
      .onConflictDoNothing();
    await tx
      .insert(projects)
      .values([
        { accountId, key: "default", name: "Default", tags: ["demo"] },
        { accountId, key: "mobile-app", name: "Mobile app", tags: ["demo", "mobile"] },
      ])
      .onConflictDoNothing();
    const demoProjects = await tx.select({ id: projects.id }).from(projects).where(eq(projects.accountId, accountId));
    await tx
      .insert(projectEnvironments)
      .values(
        demoProjects.flatMap((project) =>
          DEFAULT_PROJECT_ENVIRONMENTS.map((environment, position) => ({ accountId, projectId: project.id, ...environment, position })),
        ),
      )
      .onConflictDoNothing();
  });
}
