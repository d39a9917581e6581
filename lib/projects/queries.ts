// Reading projects. Every member of an account may read its projects (reads are authorised by
// membership alone; only writes are policy-gated), so the account is the only scope — for a
// project's environments too, which carry the account's id as well as the project's.
import { and, arrayContains, asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { database } from "../../db/client";
import type { Reader } from "../../db/tx";
import { projectEnvironments, projects } from "../../db/schema";
import { NotFound } from "../errors";
import type { Actor } from "../access";
import type { EnvironmentView, FlagDefaults, ListProjectsQuery, ProjectView, ProjectWithEnvironments } from "./types";
import { DEFAULT_FLAG_DEFAULTS } from "./defaults";
import { isProjectKey, parseListProjectsQuery, type ValidListProjectsQuery } from "./validation";

export const projectRowColumns = {
  id: projects.id,
  key: projects.key,
  name: projects.name,
  tags: projects.tags,
  usingEnvironmentId: projects.usingEnvironmentId,
  usingMobileKey: projects.usingMobileKey,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
};

type ProjectRow = Omit<ProjectView, "defaultClientSideAvailability"> & { usingEnvironmentId: boolean; usingMobileKey: boolean };

export function toProjectView(row: ProjectRow): ProjectView {
  const { usingEnvironmentId, usingMobileKey, ...rest } = row;
  return { ...rest, defaultClientSideAvailability: { usingEnvironmentId, usingMobileKey } };
}

const environmentColumns = {
  id: projectEnvironments.id,
  projectId: projectEnvironments.projectId,
  key: projectEnvironments.key,
  name: projectEnvironments.name,
  color: projectEnvironments.color,
  defaultTtl: projectEnvironments.defaultTtl,
  secureMode: projectEnvironments.secureMode,
  defaultTrackEvents: projectEnvironments.defaultTrackEvents,
  requireComments: projectEnvironments.requireComments,
  confirmChanges: projectEnvironments.confirmChanges,
  critical: projectEnvironments.critical,
  tags: projectEnvironments.tags,
};

/**
 * One project of the account, or null. With `lock`, its row is locked until the transaction
 * ends, so two changes to one project run one after the other and each diffs against the truth.
 */
export async function findProject(db: Reader, accountId: string, key: string, lock = false): Promise<ProjectView | null> {
  if (!isProjectKey(key)) return null;
  const query = db
    .select(projectRowColumns)
    .from(projects)
    .where(and(eq(projects.accountId, accountId), eq(projects.key, key)))
    .limit(1);
  const [row] = lock ? await query.for("update") : await query;
  return row ? toProjectView(row) : null;
}

/** The environments of the given projects of the account, per project id, in creation order. */
export async function environmentsOf(db: Reader, accountId: string, projectIds: string[]): Promise<Map<string, EnvironmentView[]>> {
  const byProject = new Map<string, EnvironmentView[]>(projectIds.map((id) => [id, []]));
  if (projectIds.length === 0) return byProject;
  const rows = await db
    .select(environmentColumns)
    .from(projectEnvironments)
    .where(and(eq(projectEnvironments.accountId, accountId), inArray(projectEnvironments.projectId, projectIds)))
    .orderBy(asc(projectEnvironments.projectId), asc(projectEnvironments.position));
  for (const { projectId, ...environment } of rows) byProject.get(projectId)?.push(environment);
  return byProject;
}

export async function withEnvironments(db: Reader, accountId: string, project: ProjectView): Promise<ProjectWithEnvironments> {
  const environments = (await environmentsOf(db, accountId, [project.id])).get(project.id) ?? [];
  return { ...project, environments };
}

/** Another account's project answers exactly like a made-up key: existence never leaks. */
export async function getProject(actor: Actor, key: string): Promise<ProjectView> {
  const project = await findProject(await database(), actor.accountId, key);
  if (!project) throw new NotFound("No such project");
  return project;
}

/** The project with its environments (LaunchDarkly's `expand=environments`). */
export async function getProjectWithEnvironments(actor: Actor, key: string): Promise<ProjectWithEnvironments> {
  const db = await database();
  const project = await findProject(db, actor.accountId, key);
  if (!project) throw new NotFound("No such project");
  return withEnvironments(db, actor.accountId, project);
}

/** The stored flag defaults, or the defaults' defaults for a project that never set them. */
export function flagDefaultsOf(stored: Record<string, unknown> | null, project: ProjectView): FlagDefaults {
  const base = { ...DEFAULT_FLAG_DEFAULTS, ...(stored as Partial<FlagDefaults> | null) };
  return { ...base, defaultClientSideAvailability: project.defaultClientSideAvailability };
}

export async function readFlagDefaults(db: Reader, accountId: string, project: ProjectView): Promise<FlagDefaults> {
  const [row] = await db
    .select({ flagDefaults: projects.flagDefaults })
    .from(projects)
    .where(and(eq(projects.accountId, accountId), eq(projects.id, project.id)));
  return flagDefaultsOf(row?.flagDefaults ?? null, project);
}

/** LaunchDarkly's flag defaults of a project. */
export async function getFlagDefaults(actor: Actor, key: string): Promise<FlagDefaults> {
  const db = await database();
  const project = await findProject(db, actor.accountId, key);
  if (!project) throw new NotFound("No such project");
  return readFlagDefaults(db, actor.accountId, project);
}

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterConditions(accountId: string, filter: ValidListProjectsQuery["filter"]): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(projects.accountId, accountId)];
  if (filter.query !== undefined && filter.query !== "") {
    const pattern = `%${likeLiteral(filter.query.toLowerCase())}%`;
    conditions.push(or(sql`lower(${projects.name}) like ${pattern}`, sql`lower(${projects.key}) like ${pattern}`));
  }
  if (filter.tags && filter.tags.length > 0) conditions.push(arrayContains(projects.tags, filter.tags));
  if (filter.keys) conditions.push(filter.keys.length > 0 ? inArray(projects.key, filter.keys) : sql`false`);
  return and(...conditions);
}

const SORT_COLUMNS = { name: projects.name, createdOn: projects.createdAt, key: projects.key };

// Byte order ("C") for text, so both databases sort "a-b", "a.b" and "ab" the same way whatever
// locale the server was initialised with; the key (unique per account) last, so the order is
// total and pages never overlap.
function orderOf(sort: ValidListProjectsQuery["sort"]): SQL[] {
  const order = sort.map(({ field, descending }) => {
    const column = field === "createdOn" ? sql`${SORT_COLUMNS[field]}` : sql`${SORT_COLUMNS[field]} collate "C"`;
    return descending ? sql`${column} desc` : sql`${column} asc`;
  });
  order.push(sql`${projects.key} collate "C" asc`);
  return order;
}

/**
 * The account's projects matching LaunchDarkly's `filter` (`query` in name or key, all of `tags`,
 * any of `keys`), in the `sort` order (key order by default), a page at a time — or all of them
 * with `unpaged` — with the total for paging.
 */
export async function listProjects(
  actor: Actor,
  query: ListProjectsQuery = {},
  options: { environments?: boolean } = {},
): Promise<{ items: ProjectWithEnvironments[] | ProjectView[]; totalCount: number }> {
  const valid = parseListProjectsQuery(query);
  const db = await database();
  const where = filterConditions(actor.accountId, valid.filter);
  const select = db.select(projectRowColumns).from(projects).where(where).orderBy(...orderOf(valid.sort)).offset(valid.offset);
  const [rows, [total]] = await Promise.all([
    valid.limit === null ? select : select.limit(valid.limit),
    db.select({ n: count() }).from(projects).where(where),
  ]);
  const items = rows.map(toProjectView);
  if (!options.environments) return { items, totalCount: total?.n ?? 0 };
  const environments = await environmentsOf(db, actor.accountId, items.map((p) => p.id));
  return { items: items.map((p) => ({ ...p, environments: environments.get(p.id) ?? [] })), totalCount: total?.n ?? 0 };
}

