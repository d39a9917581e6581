// Changing projects: create, update, delete, flag defaults. Each runs in one transaction with its
// history entry, so the change and its record commit together or not at all.
import { and, eq } from "drizzle-orm";
import { DEFAULT_PROJECT_ENVIRONMENTS, projectEnvironments, projects } from "../../db/schema";
import type { Tx } from "../../db/tx";
import { assertMayAct, writeAs, type Actor } from "../access";
import { diffFields, parseChangeComment, recordChange } from "../audit";
import { NotFound } from "../errors";
import { taggedProjectResource } from "../policy";
import { findProject, projectRowColumns, readFlagDefaults, toProjectView, withEnvironments } from "./queries";
import type { CreateProjectInput, FlagDefaults, ProjectView, ProjectWithEnvironments, UpdateProjectInput } from "./types";
import { parseCreateProjectInput, parseFlagDefaults, parseUpdateProjectInput, type ValidEnvironment } from "./validation";

// Projects are visible to every member, so a refusal is Forbidden (assertMayAct), never NotFound.

async function findOrThrow(tx: Tx, actor: Actor, key: string): Promise<ProjectView> {
  const project = await findProject(tx, actor.accountId, key, true);
  if (!project) throw new NotFound("No such project");
  return project;
}

const DEFAULT_ENVIRONMENTS: ValidEnvironment[] = DEFAULT_PROJECT_ENVIRONMENTS.map((e) => ({
  ...e,
  defaultTtl: 0,
  secureMode: false,
  defaultTrackEvents: false,
  confirmChanges: false,
  requireComments: false,
  critical: false,
  tags: [],
}));

const availabilityColumns = (a: ProjectView["defaultClientSideAvailability"]) => ({
  usingEnvironmentId: a.usingEnvironmentId,
  usingMobileKey: a.usingMobileKey,
});

/**
 * Needs `createProject` on proj/<key> (writers and above by default). The project gets the
 * environments its creator names, or LaunchDarkly's two defaults (production, test).
 */
export async function createProject(actor: Actor, input: CreateProjectInput): Promise<ProjectWithEnvironments> {
  const valid = parseCreateProjectInput(input);
  assertMayAct(actor, "createProject", taggedProjectResource(valid.key, valid.tags));
  const environments = valid.environments ?? DEFAULT_ENVIRONMENTS;
  return writeAs(actor, async (tx) => {
    const [row] = await tx
      .insert(projects)
      .values({ accountId: actor.accountId, key: valid.key, name: valid.name, tags: valid.tags, ...availabilityColumns(valid.defaultClientSideAvailability) })
      .returning(projectRowColumns);
    if (!row) throw new Error("The project was not stored");
    await tx
      .insert(projectEnvironments)
      .values(environments.map((e, position) => ({ ...e, accountId: actor.accountId, projectId: row.id, position })));
    const project = toProjectView(row);
    await recordChange(tx, {
      actor,
      action: "projectCreated",
      target: { kind: "project", id: project.id, name: project.key },
      changes: diffFields(
        {},
        {
          key: project.key,
          name: project.name,
          tags: project.tags,
          defaultClientSideAvailability: project.defaultClientSideAvailability,
          environments,
        },
      ),
    });
    return withEnvironments(tx, actor.accountId, project);
  });
}

/**
 * Changes the given fields; needs `updateProject` on proj/<key> (every project check names the
 * project with its tags, so `proj/*;tag` statements decide it). Fields sent with their current
 * value are no change, and an update that changes nothing writes nothing, not even history.
 * Unknown keys are NotFound for everyone; a known project the actor may not change, Forbidden.
 */
export async function updateProject(actor: Actor, key: string, input: UpdateProjectInput): Promise<ProjectWithEnvironments> {
  const comment = parseChangeComment(input.comment);
  return writeAs(actor, async (tx) => {
    const project = await findOrThrow(tx, actor, key);
    assertMayAct(actor, "updateProject", taggedProjectResource(project.key, project.tags));
    const valid = parseUpdateProjectInput(input, project.defaultClientSideAvailability);
    const before = { name: project.name, tags: project.tags, defaultClientSideAvailability: project.defaultClientSideAvailability };
    const changes = diffFields(before, {
      name: valid.name,
      tags: valid.tags,
      defaultClientSideAvailability: valid.defaultClientSideAvailability,
    });
    if (Object.keys(changes).length === 0) return withEnvironments(tx, actor.accountId, project);
    const [updated] = await tx
      .update(projects)
      .set({
        ...(valid.name !== undefined && { name: valid.name }),
        ...(valid.tags !== undefined && { tags: valid.tags }),
        ...(valid.defaultClientSideAvailability && availabilityColumns(valid.defaultClientSideAvailability)),
        updatedAt: new Date(),
      })
      .where(and(eq(projects.accountId, actor.accountId), eq(projects.id, project.id)))
      .returning(projectRowColumns);
    if (!updated) throw new NotFound("No such project");
    await recordChange(tx, {
      actor,
      action: "projectUpdated",
      target: { kind: "project", id: project.id, name: project.key },
      changes,
      comment,
    });
    return withEnvironments(tx, actor.accountId, toProjectView(updated));
  });
}

/**
 * Replaces the project's flag defaults (LaunchDarkly's UpsertFlagDefaultsPayload, every field);
 * needs `updateProject` on proj/<key>, as any other project setting. The client-side
 * availability in them is the project's own, so this changes that too.
 */
export async function setFlagDefaults(actor: Actor, key: string, input: unknown): Promise<FlagDefaults> {
  return writeAs(actor, async (tx) => {
    const project = await findOrThrow(tx, actor, key);
    assertMayAct(actor, "updateProject", taggedProjectResource(project.key, project.tags));
    const valid = parseFlagDefaults(input);
    const current = await readFlagDefaults(tx, actor.accountId, project);
    const changes = diffFields({ ...current }, { ...valid });
    if (Object.keys(changes).length === 0) return current;
    const { defaultClientSideAvailability, ...stored } = valid;
    await tx
      .update(projects)
      .set({ flagDefaults: stored, ...availabilityColumns(defaultClientSideAvailability), updatedAt: new Date() })
      .where(and(eq(projects.accountId, actor.accountId), eq(projects.id, project.id)));
    await recordChange(tx, {
      actor,
      action: "projectUpdated",
      target: { kind: "project", id: project.id, name: project.key },
      changes: Object.fromEntries(Object.entries(changes).map(([field, change]) => [`flagDefaults.${field}`, change])),
    });
    return valid;
  });
}

/**
 * Deletes the project and its environments; needs `deleteProject` on proj/<key> (admins and
 * owners by default). The history entry keeps what the project was, since nothing else of it is left.
 */
export async function deleteProject(actor: Actor, key: string): Promise<void> {
  await writeAs(actor, async (tx) => {
    const project = await findOrThrow(tx, actor, key);
    assertMayAct(actor, "deleteProject", taggedProjectResource(project.key, project.tags));
    const { environments } = await withEnvironments(tx, actor.accountId, project);
    const deleted = await tx
      .delete(projects)
      .where(and(eq(projects.accountId, actor.accountId), eq(projects.id, project.id)))
      .returning({ id: projects.id });
    if (deleted.length === 0) throw new NotFound("No such project");
    await recordChange(tx, {
      actor,
      action: "projectDeleted",
      target: { kind: "project", id: project.id, name: project.key },
      changes: {
        name: { before: project.name, after: null },
        tags: { before: project.tags, after: null },
        environments: { before: environments.map((e) => e.key), after: null },
      },
    });
  });
}
