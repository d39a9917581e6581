// Reading projects. Every member of an account may read its projects (reads are authorised by
// membership alone; only writes are policy-gated), so the account is the only scope.
import { and, count, eq, sql } from "drizzle-orm";
import { database } from "../../db/client";
import type { Reader } from "../../db/tx";
import { projects } from "../../db/schema";
import { NotFound } from "../errors";
import type { Actor } from "../access";
import type { ListProjectsQuery, ProjectView } from "./types";
import { isProjectKey, parseListProjectsQuery } from "./validation";

export const projectColumns = {
  id: projects.id,
  key: projects.key,
  name: projects.name,
  tags: projects.tags,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
};

/**
 * One project of the account, or null. With `lock`, its row is locked until the transaction
 * ends, so two changes to one project run one after the other and each diffs against the truth.
 */
export async function findProject(db: Reader, accountId: string, key: string, lock = false): Promise<ProjectView | null> {
  if (!isProjectKey(key)) return null;
  const query = db
    .select(projectColumns)
    .from(projects)
    .where(and(eq(projects.accountId, accountId), eq(projects.key, key)))
    .limit(1);
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/** Another account's project answers exactly like a made-up key: existence never leaks. */
export async function getProject(actor: Actor, key: string): Promise<ProjectView> {
  const project = await findProject(await database(), actor.accountId, key);
  if (!project) throw new NotFound("No such project");
  return project;
}

/** The account's projects ordered by key, a page at a time, with the total for paging. */
export async function listProjects(
  actor: Actor,
  query: ListProjectsQuery = {},
): Promise<{ items: ProjectView[]; totalCount: number }> {
  const { limit, offset } = parseListProjectsQuery(query);
  const db = await database();
  const where = eq(projects.accountId, actor.accountId);
  const [items, [total]] = await Promise.all([
    // The key is unique per account, so ordering by it alone is a total order: pages never
    // overlap. Byte order ("C") so both databases sort "a-b", "a.b" and "ab" the same way,
    // whatever locale the server was initialised with.
    db
      .select(projectColumns)
      .from(projects)
      .where(where)
      .orderBy(sql`${projects.key} collate "C"`)
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(projects).where(where),
  ]);
  return { items, totalCount: total?.n ?? 0 };
}
