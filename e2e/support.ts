import { expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Where this run's server lives, as playwright.config.ts starts it: scripts/test.mjs sets these per
 * database; specs that start extra servers derive their ports and database from them too.
 */
export const E2E_DB: "pglite" | "postgres" = process.env.TOLLGATE_E2E_DB === "postgres" ? "postgres" : "pglite";
export const E2E_PORT = Number(process.env.TOLLGATE_E2E_PORT ?? (E2E_DB === "postgres" ? 3211 : 3210));
export const E2E_DATA_DIR = process.env.TOLLGATE_E2E_DATA_DIR ?? path.resolve(".data-e2e");
export const E2E_DATABASE_URL: string | null =
  E2E_DB === "postgres" ? (process.env.TOLLGATE_E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test") : null;
/** Everything the e2e server writes to stdout and stderr (playwright.config.ts tees it here). */
export const SERVER_LOG = `${E2E_DATA_DIR}.server.log`;
/**
 * Every /api/v2 response the run's server sent (e2e/contract/record.mjs), which
 * e2e/contract/check.ts validates against the OpenAPI document after the run. It holds the
 * secrets the suite created, so it lives next to the server's log, outside the data directory.
 */
export const CONTRACT_LOG = `${E2E_DATA_DIR}.contract.jsonl`;

/**
 * Ports for servers and proxies a spec starts itself, offset from the main server's so that runs
 * with different base ports (npm test, a developer's own) never collide.
 */
export const EXTRA_PORT = {
  secondInstance: E2E_PORT + 1,
  faultyInstance: E2E_PORT + 2,
  httpsInstance: E2E_PORT + 3,
  databaseProxy: E2E_PORT + 5,
  browserRelay: E2E_PORT + 6,
  pooledInstance: E2E_PORT + 7,
  pooler: E2E_PORT + 8,
  pooledDirectListen: E2E_PORT + 9,
  allowedHostsInstance: E2E_PORT + 10,
  setupInstance: E2E_PORT + 21,
  demoOnNetwork: E2E_PORT + 22,
  metricsPortInstance: E2E_PORT + 11,
  metricsPort: E2E_PORT + 12,
  quietInstance: E2E_PORT + 13,
  crossOriginPage: E2E_PORT + 17,
} as const;

/**
 * The session secret of the PostgreSQL runs: several instances there share sessions only through
 * one configured secret (a generated one is never stored in the database). The embedded
 * database's run generates its own, into a file of its data directory.
 */
export const E2E_AUTH_SECRET = "e2e-only-session-secret-shared-by-instances-on-one-postgresql";

/** The bearer token the e2e server's /metrics asks for (TOLLGATE_METRICS_TOKEN). */
export const METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef0123456789";

/**
 * The one answer /api/v2 gives every refused credential (SECURITY.md, property 6), but for the
 * request's own `id` (its X-Request-Id): see `observed` in e2e/net.ts.
 */
export const UNAUTHORIZED_BODY = '{"code":"unauthorized","message":"Invalid or missing access token"}';

export const DEMO_PASSWORD = "tollgate-demo";
export const ROLES = ["owner", "admin", "writer", "reader"] as const;
export type Role = (typeof ROLES)[number];

export const DEMO = {
  owner: { email: "owner@acme.test", name: "Olivia Owner" },
  admin: { email: "admin@acme.test", name: "Adam Admin" },
  writer: { email: "writer@acme.test", name: "Wendy Writer" },
  reader: { email: "reader@acme.test", name: "Reed Reader" },
} satisfies Record<Role, { email: string; name: string }>;

/** Signed-in browser state per demo role, written once by auth.setup.ts. */
export const storageStateOf = (role: Role) => path.join(import.meta.dirname, ".auth", `${role}.json`);

/** The `Cookie` header a demo member's signed-in browser sends, for requests made without a browser. */
export function cookieHeaderOf(role: Role): string {
  const state = JSON.parse(readFileSync(storageStateOf(role), "utf8")) as { cookies: { name: string; value: string }[] };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectSignedInAs(page: Page, role: Role) {
  await expect(page).toHaveURL(/\/settings\/authorization$/);
  await expect(page.getByRole("banner")).toContainText(DEMO[role].name);
  await expect(page.getByRole("banner")).toContainText(DEMO[role].email);
}

/** The e2e server runs with a small service-token limit, so the "limit reached" path is reachable. */
export const SERVICE_TOKEN_LIMIT = 8;

/** A personal API token of each demo member (their own role), written by auth.setup.ts. */
export const apiTokenFileOf = (role: Role) => path.join(import.meta.dirname, ".auth", `${role}.token`);
export const apiTokenOf = (role: Role) => readFileSync(apiTokenFileOf(role), "utf8").trim();
