import { testDatabaseKind } from "../helpers/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenForm, toCreateInput, toUpdateInput, tokenIdForm, updateTokenForm } from "@/app/(settings)/settings/authorization/input";
import { parseForm } from "@/lib/forms";
import { closeDatabase } from "@/db/client";
import { createApiApp } from "@/lib/api";
import { isDomainError, type DomainErrorKind } from "@/lib/errors";
import { cloneAccessToken, createAccessToken, deleteAccessToken, getVisibleToken, listVisibleTokens, resetAccessToken, updateAccessToken } from "@/lib/tokens";
import { type Actor } from "@/lib/access";
import { cellTitle, MATRIX, outcomeOfStatus, type Cell, type Outcome } from "../helpers/authorization-matrix";
import { countTokens, createMatrixWorld, createTarget, isMemberRow, snapshotToken, type MatrixWorld, type TokenRow } from "../helpers/matrix-world";

// SECURITY.md, property 1: every cell of the hand-written table in tests/helpers/authorization-matrix.ts,
// checked through both doors. Members act through the domain functions the server actions call,
// with their input parsed by the actions' own schemas; tokens act through the real REST API routes.

let world: MatrixWorld;
const api = createApiApp();
beforeAll(async () => {
  world = await createMatrixWorld();
});
afterAll(() => closeDatabase());

const IN_30_DAYS = () => new Date(Date.now() + 30 * 86_400_000);
const UPDATES: Partial<Record<Cell["operation"], (name: string) => Record<string, unknown>>> = {
  "update name": (name) => ({ name: `${name} renamed` }),
  "update description": () => ({ description: "after" }),
  "update API version": () => ({ defaultApiVersion: 20220603 }),
  "update expiration": () => ({ expiresAt: IN_30_DAYS().toISOString() }),
  "update permission": () => ({ permission: { kind: "role", role: "reader" } }),
};

const OUTCOME_OF_KIND: Partial<Record<DomainErrorKind, Outcome>> = { forbidden: "forbidden", not_found: "not_found", invalid: "invalid" };

/** The server actions' door: their zod schemas, then the domain function each one calls. */
async function throughActions(actor: Actor, cell: Cell, target: { id: string; name: string } | null): Promise<Outcome | string> {
  const name = world.uniqueName("made");
  const create = (role: "reader" | "admin", serviceToken: boolean) =>
    createAccessToken(actor, toCreateInput(parseForm(createTokenForm, { name, permission: { kind: "role", role }, serviceToken, defaultApiVersion: 20240415 })));
  const id = target?.id ?? "";
  const run: Record<Cell["operation"], () => Promise<unknown>> = {
    "create personal token": () => create("reader", false),
    "create personal admin token": () => create("admin", false),
    "create service token": () => create("reader", true),
    "list every member's tokens": () => listVisibleTokens(actor, { showAll: true }),
    clone: () => cloneAccessToken(actor, parseForm(tokenIdForm, { tokenId: id }).tokenId),
    reset: () => resetAccessToken(actor, id, { oldSecretExpiresAt: null }),
    delete: () => deleteAccessToken(actor, parseForm(tokenIdForm, { tokenId: id }).tokenId),
    get: () => getVisibleToken(actor, id),
    ...Object.fromEntries(
      Object.entries(UPDATES).map(([operation, fields]) => [
        operation,
        () => updateAccessToken(actor, id, toUpdateInput(parseForm(updateTokenForm, { tokenId: id, ...fields(target?.name ?? "") }))),
      ]),
    ),
  } as Record<Cell["operation"], () => Promise<unknown>>;
  try {
    await run[cell.operation]();
    return "allowed";
  } catch (error) {
    if (isDomainError(error)) return OUTCOME_OF_KIND[error.kind] ?? error.kind;
    throw error;
  }
}

const PATCHES: Partial<Record<Cell["operation"], (name: string) => unknown>> = {
  "update name": (name) => [{ op: "replace", path: "/name", value: `${name} renamed` }],
  "update description": () => [{ op: "replace", path: "/description", value: "after" }],
  "update API version": () => [{ op: "replace", path: "/defaultApiVersion", value: 20220603 }],
  "update permission": () => [{ op: "replace", path: "/role", value: "reader" }],
};

/** The REST API's door, with the token's secret, through the real routes and error mapping. */
async function throughApi(secret: string, cell: Cell, target: { id: string; name: string } | null): Promise<Outcome | string> {
  const request = async (method: string, path: string, body?: unknown) =>
    api.request(`/api/v2${path}`, {
      method,
      headers: { Authorization: secret, "Content-Type": "application/json", "x-tollgate-client-ip": "198.51.100.1" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const name = world.uniqueName("made");
  const token = `/tokens/${target?.id ?? ""}`;
  const patch = (operation: keyof typeof PATCHES) => () => request("PATCH", token, PATCHES[operation]!(target?.name ?? ""));
  const routes: Partial<Record<Cell["operation"], () => Promise<Response>>> = {
    "create personal token": () => request("POST", "/tokens", { name, role: "reader" }),
    "create personal admin token": () => request("POST", "/tokens", { name, role: "admin" }),
    "create service token": () => request("POST", "/tokens", { name, role: "reader", serviceToken: true }),
    "list every member's tokens": () => request("GET", "/tokens?showAll=true"),
    clone: () => request("POST", `${token}/clone`),
    "update name": patch("update name"),
    "update description": patch("update description"),
    "update API version": patch("update API version"),
    "update permission": patch("update permission"),
    reset: () => request("POST", `${token}/reset`),
    delete: () => request("DELETE", token),
    get: () => request("GET", token),
  };
  const route = routes[cell.operation];
  if (!route) throw new Error(`The REST API has no door for "${cell.operation}"; mark the cell "-"`);
  const response = await route();
  if (response.status >= 400) {
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort(), "an error body is exactly {code, message, id}").toEqual(["code", "id", "message"]);
  }
  return outcomeOfStatus(response.status);
}

/** Runs one cell through its door and checks that what was written matches what was answered. */
async function check(cell: Cell) {
  const creates = cell.operation.startsWith("create") || cell.operation === "clone";
  const changes = !creates && cell.target !== null && cell.operation !== "get";
  const target = cell.target ? await createTarget(world, cell.actor, cell.target, cell.operation, cell.targetRole) : null;
  const before = changes ? await snapshotToken(world, target!.id) : null;
  const tokensBefore = creates ? await countTokens(world) : 0;
  const outcome = isMemberRow(cell.actor)
    ? await throughActions(world.members[cell.actor], cell, target)
    : await throughApi(world.tokens[cell.actor as TokenRow].secret, cell, target);
  expect(outcome).toBe(cell.expected);

  const allowed = cell.expected === "allowed";
  if (creates) {
    expect(await countTokens(world), allowed ? "one token was created" : "no token was created").toBe(tokensBefore + (allowed ? 1 : 0));
  } else if (changes) {
    const after = await snapshotToken(world, target!.id);
    if (allowed) expect(after, "the token was changed").not.toEqual(before);
    else expect(after, "a refused change leaves the token as it was").toEqual(before);
    if (allowed && cell.operation === "delete") expect(after).toBeNull();
  }
}

describe(`authorization matrix: members through the server actions' domain calls (${testDatabaseKind})`, () => {
  for (const cell of MATRIX.filter((c) => isMemberRow(c.actor))) it(cellTitle(cell), () => check(cell));
});

describe(`authorization matrix: API tokens through the REST API (${testDatabaseKind})`, () => {
  for (const cell of MATRIX.filter((c) => !isMemberRow(c.actor))) it(cellTitle(cell), () => check(cell));
});
