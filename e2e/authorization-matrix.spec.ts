import { expect, request as newRequestContext, test, type APIRequestContext } from "@playwright/test";
import { cellTitle, MATRIX, outcomeOfStatus, type Cell, type Operation, type Target, type TargetRole } from "../tests/helpers/authorization-matrix";
import { actionResult, outcomeOfAction } from "./action-result";
import { captureAction, replayAction, type CapturedAction } from "./actions";
import { apiTokenOf, ROLES, storageStateOf, type Role } from "./support";
import { TokensPage } from "./tokens-page";

// SECURITY.md, property 1, against the production build: the demo members' rows of the matrix in
// tests/helpers/authorization-matrix.ts, through the browser door (the real server actions,
// replayed as each signed-in member) and the REST API door (each member's personal API token,
// which has the member's own role). Every token made here is deleted again.

type ActionName = "create" | "clone" | "update" | "reset" | "delete";
let actions: Record<ActionName, CapturedAction>;
let members: Record<Role, APIRequestContext>;
const suffix = () => Math.random().toString(36).slice(2, 8);
const auth = (role: Role) => ({ Authorization: apiTokenOf(role) });
const otherThan = (role: Role): Role => (role === "writer" ? "reader" : "writer");
/** Targets of "update permission" carry an inline policy, so the reader role is a real change. */
const TARGET_POLICY = JSON.stringify([{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }]);

// Capture each token action once, as the owner clicks through the page, to replay it as anyone.
test.beforeAll(async ({ browser }, testInfo) => {
  const { baseURL } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, storageState: storageStateOf("owner") });
  const page = await context.newPage();
  const tokens = new TokensPage(page);
  const done = () => page.getByTestId("secret-reveal").getByRole("button", { name: "Done" }).click();
  const name = `matrix fixture ${suffix()}`;
  await tokens.goto();
  const create = await tokens.captureCreate(name);
  await expect(tokens.secretOf(name)).toBeVisible();
  await done();
  await tokens.menu(name, "Clone");
  const clone = await captureAction(page, () => page.getByRole("dialog", { name: "Clone token" }).getByRole("button", { name: "Clone token" }).click());
  await expect(tokens.secretOf(`${name} (copy)`)).toBeVisible();
  await done();
  await tokens.menu(name, "Edit");
  const panel = page.getByRole("dialog", { name: "Edit access token" });
  await panel.getByLabel("Description").fill("captured");
  const update = await captureAction(page, () => panel.getByRole("button", { name: "Save changes" }).click());
  await expect(panel).toBeHidden();
  await tokens.menu(name, "Reset");
  const dialog = page.getByRole("dialog", { name: "Reset token" });
  await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
  const reset = await captureAction(page, () => dialog.getByRole("button", { name: "Reset token" }).click());
  await done();
  await tokens.menu(`${name} (copy)`, "Delete");
  const remove = await captureAction(page, () => page.getByRole("dialog", { name: "Delete token" }).getByRole("button", { name: "Delete token" }).click());
  await expect(tokens.row(`${name} (copy)`)).toHaveCount(0);
  await tokens.delete(name);
  await context.close();
  actions = { create, clone, update, reset, delete: remove };
  members = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await newRequestContext.newContext({ baseURL, storageState: storageStateOf(role) })])),
  ) as Record<Role, APIRequestContext>;
});

test.afterAll(async () => {
  await Promise.all(Object.values(members ?? {}).map((context) => context.dispose()));
});

async function act(as: Role, action: ActionName, input: Record<string, unknown>) {
  return actionResult(await replayAction(members[as], actions[action], [input]));
}

const RANK: Record<Role, number> = { reader: 0, writer: 1, admin: 2, owner: 3 };

/**
 * Who makes the target, through the member door: nobody can make a token above their own role,
 * so a target above the actor's role of their own (one they made before a demotion) cannot be
 * made here, nor another member's Owner token for the owner row — those cells (null) are checked
 * by the integration matrix only.
 */
function creatorOf(actor: Role, target: Target, role: TargetRole | undefined): Role | null {
  if (target === "service") return "owner";
  if (target === "own") return role && RANK[role] > RANK[actor] ? null : actor;
  if (!role) return otherThan(actor);
  return (["owner", "admin"] as const).find((other) => other !== actor && RANK[other] >= RANK[role]) ?? null;
}

/** Made through the member door, so a reader may give their own token an inline policy. */
async function createTarget(owner: Role, target: Target, operation: Operation, role: TargetRole | "reader" = "reader") {
  const name = `matrix target ${suffix()}`;
  const permission = operation === "update permission" ? { kind: "inline", policyJson: TARGET_POLICY } : { kind: "role", role };
  const result = await act(owner, "create", { name, description: "", permission, serviceToken: target === "service", defaultApiVersion: 20240415, expiresAt: null });
  if (!result?.ok) throw new Error(`creating the target failed: ${JSON.stringify(result)}`);
  return { id: (result.data as { tokenId: string }).tokenId, name };
}

/** Deleted through the owner's API token, which may delete every token: the server is shared. */
async function cleanUp(request: APIRequestContext, ids: (string | undefined)[]) {
  for (const id of ids) if (id) expect([204, 404]).toContain((await request.delete(`/api/v2/tokens/${id}`, { headers: auth("owner") })).status());
}

const BROWSER_OPERATIONS: Operation[] = ["create personal token", "create personal admin token", "create service token", "clone", "update name", "update expiration", "update permission", "reset", "delete"];
const API_OPERATIONS: Operation[] = ["create personal token", "create personal admin token", "create service token", "list every member's tokens", "clone", "update name", "update permission", "reset", "delete", "get"];

async function throughBrowser(role: Role, cell: Cell, target: { id: string; name: string } | null) {
  const tokenId = target?.id;
  const create = (r: string, serviceToken: boolean) =>
    act(role, "create", { name: `matrix made ${suffix()}`, description: "", permission: { kind: "role", role: r }, serviceToken, defaultApiVersion: 20240415, expiresAt: null });
  const calls: Partial<Record<Operation, () => ReturnType<typeof act>>> = {
    "create personal token": () => create("reader", false),
    "create personal admin token": () => create("admin", false),
    "create service token": () => create("reader", true),
    clone: () => act(role, "clone", { tokenId }),
    "update name": () => act(role, "update", { tokenId, name: `${target?.name} renamed` }),
    "update expiration": () => act(role, "update", { tokenId, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
    "update permission": () => act(role, "update", { tokenId, permission: { kind: "role", role: "reader" } }),
    reset: () => act(role, "reset", { tokenId, graceHours: 0 }),
    delete: () => act(role, "delete", { tokenId }),
  };
  const result = await calls[cell.operation]!();
  const made = result?.ok ? (result.data as { tokenId?: string } | null)?.tokenId : undefined;
  return { outcome: outcomeOfAction(result), made: made === tokenId ? undefined : made };
}

async function throughApi(request: APIRequestContext, role: Role, cell: Cell, target: { id: string; name: string } | null) {
  const token = `/api/v2/tokens/${target?.id}`;
  const headers = auth(role);
  const patch = (path: string, value: unknown) => request.patch(token, { headers, data: [{ op: "replace", path, value }] });
  const calls: Partial<Record<Operation, () => ReturnType<APIRequestContext["get"]>>> = {
    "create personal token": () => request.post("/api/v2/tokens", { headers, data: { name: `matrix made ${suffix()}`, role: "reader" } }),
    "create personal admin token": () => request.post("/api/v2/tokens", { headers, data: { name: `matrix made ${suffix()}`, role: "admin" } }),
    "create service token": () => request.post("/api/v2/tokens", { headers, data: { name: `matrix made ${suffix()}`, serviceToken: true } }),
    "list every member's tokens": () => request.get("/api/v2/tokens?showAll=true&limit=1", { headers }),
    clone: () => request.post(`${token}/clone`, { headers }),
    "update name": () => patch("/name", `${target?.name} renamed`),
    "update permission": () => patch("/role", "reader"),
    reset: () => request.post(`${token}/reset`, { headers }),
    delete: () => request.delete(token, { headers }),
    get: () => request.get(token, { headers }),
  };
  const response = await calls[cell.operation]!();
  const body = response.status() === 204 ? null : ((await response.json()) as Record<string, unknown>);
  if (response.status() >= 400) expect(Object.keys(body!).sort(), "an error body is exactly {code, message, id}").toEqual(["code", "id", "message"]);
  const made = response.status() === 201 ? (body?._id as string) : undefined;
  return { outcome: outcomeOfStatus(response.status()), made };
}

const MEMBER_ROW = { reader: "reader member", writer: "writer member", admin: "admin member", owner: "owner member" } as const;
const TOKEN_ROW = { reader: "reader personal token", writer: "writer personal token", admin: "admin personal token", owner: "owner personal token" } as const;

for (const role of ROLES) {
  test(`the ${role}'s server actions answer as the ${MEMBER_ROW[role]} row of the matrix says`, async ({ request }) => {
    const cells = MATRIX.filter((c) => c.actor === MEMBER_ROW[role] && BROWSER_OPERATIONS.includes(c.operation));
    expect(cells.length, "cells of the row this door reaches").toBeGreaterThan(20);
    for (const cell of cells) {
      const creator = cell.target ? creatorOf(role, cell.target, cell.targetRole) : null;
      if (cell.target && !creator) continue;
      const target = cell.target ? await createTarget(creator!, cell.target, cell.operation, cell.targetRole) : null;
      const { outcome, made } = await throughBrowser(role, cell, target);
      expect.soft(outcome, cellTitle(cell)).toBe(cell.expected);
      await cleanUp(request, [target?.id, made]);
    }
  });

  test(`the ${role}'s API token answers as the ${TOKEN_ROW[role]} row of the matrix says`, async ({ request }) => {
    const cells = MATRIX.filter((c) => c.actor === TOKEN_ROW[role] && API_OPERATIONS.includes(c.operation));
    expect(cells.length, "cells of the row this door reaches").toBeGreaterThan(20);
    for (const cell of cells) {
      const creator = cell.target ? creatorOf(role, cell.target, cell.targetRole) : null;
      if (cell.target && !creator) continue;
      const target = cell.target ? await createTarget(creator!, cell.target, cell.operation, cell.targetRole) : null;
      const { outcome, made } = await throughApi(request, role, cell, target);
      expect.soft(outcome, cellTitle(cell)).toBe(cell.expected);
      await cleanUp(request, [target?.id, made]);
    }
  });
}
