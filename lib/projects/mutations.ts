// Changing projects: create, update, delete. Each runs in one transaction with its history
// entry, so the change and its record commit together or not at all.
import { and, eq } from "drizzle-orm";
import { projects } from "../../db/schema";
import type { Tx } from "../../db/tx";
import { assertMayAct, writeAs, type Actor } from "../access";
import { diffFields, parseChangeComment, recordChange } from "../audit";
import { NotFound } from "../errors";
import { projectResource } from "../policy";
import { findProject, projectColumns } from "./queries";
import type { CreateProjectInput, ProjectView, UpdateProjectInput } from "./types";
import { parseCreateProjectInput, parseUpdateProjectInput } from "./validation";

// Projects are visible to every member, so a refusal is Forbidden (assertMayAct), never NotFound.

async function findOrThrow(tx: Tx, actor: Actor, key: string): Promise<ProjectView> {
  const project = await findProject(tx, actor.accountId, key, true);
  if (!project) throw new NotFound("No such project");
  return project;
}

/** Needs `createProject` on proj/<key> (writers and above by default). */
export async function createProject(actor: Actor, input: CreateProjectInput): Promise<ProjectView> {
  const valid = parseCreateProjectInput(input);
  assertMayAct(actor, "createProject", projectResource(valid.key));
  return writeAs(actor, async (tx) => {
    const [project] = await tx
      .insert(projects)
      .values({ accountId: actor.accountId, key: valid.key, name: valid.name, tags: valid.tags })
      .returning(projectColumns);
    if (!project) throw new Error("The project was not stored");
    await recordChange(tx, {
      actor,
      action: "projectCreated",
      target: { kind: "project", id: project.id, name: project.key },
      changes: diffFields({}, { key: project.key, name: project.name, tags: project.tags }),
    });
    return project;
  });
}

/**
 * Changes the given fields; needs `updateProject` on proj/<key>. Fields sent with their current
 * value are no change, and an update that changes nothing writes nothing, not even history.
 * Unknown keys are NotFound for everyone; a known project the actor may not change, Forbidden.
 */
export async function updateProject(actor: Actor, key: string, input: UpdateProjectInput): Promise<ProjectView> {
  const valid = parseUpdateProjectInput(input);
  const comment = parseChangeComment(input.comment);
  return writeAs(actor, async (tx) => {
    const project = await findOrThrow(tx, actor, key);
    assertMayAct(actor, "updateProject", projectResource(project.key));
    const changes = diffFields({ name: project.name, tags: project.tags }, { name: valid.name, tags: valid.tags });
    if (Object.keys(changes).length === 0) return project;
    const [updated] = await tx
      .update(projects)
      .set({ name: valid.name, tags: valid.tags, updatedAt: new Date() })
      .where(and(eq(projects.accountId, actor.accountId), eq(projects.id, project.id)))
      .returning(projectColumns);
    if (!updated) throw new NotFound("No such project");
    await recordChange(tx, {
      actor,
      action: "projectUpdated",
      target: { kind: "project", id: project.id, name: project.key },
      changes,
      comment,
    });
    return updated;
  });
}

/**
 * Deletes the project; needs `deleteProject` on proj/<key> (admins and owners by default). The
 * history entry keeps what the project was, since nothing else of it is left.
 */
export async function deleteProject(actor: Actor, key: string): Promise<void> {
  await writeAs(actor, async (tx) => {
    const project = await findOrThrow(tx, actor, key);
    assertMayAct(actor, "deleteProject", projectResource(project.key));
    const deleted = await tx
      .delete(projects)
      .where(and(eq(projects.accountId, actor.accountId), eq(projects.id, project.id)))
      .returning({ id: projects.id });
    if (deleted.length === 0) throw new NotFound("No such project");
    await recordChange(tx, {
      actor,
      action: "projectDeleted",
      target: { kind: "project", id: project.id, name: project.key },
      changes: { name: { before: project.name, after: null }, tags: { before: project.tags, after: null } },
    });
  });
}
