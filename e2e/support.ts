import { expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";

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
