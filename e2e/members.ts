import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { apiTokenOf } from "./support";
import { TokensPage } from "./tokens-page";

const suffix = () => Math.random().toString(36).slice(2, 8);

/** A password the strength rule accepts, different each time. */
export const strongPassword = () => `copper-lantern-${suffix()}-harbour-${suffix()}`;

/**
 * Opens a set-password link in `page` (its path on this run's server: the link names the public
 * URL), chooses `password` and waits until the member is signed in on the Authorization page.
 */
export async function acceptLink(page: Page, link: string, password: string) {
  await page.goto(new URL(link).pathname);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: /^(Set password and sign in|Save password and sign in)$/ }).click();
  await expect(page).toHaveURL(/\/settings\/authorization$/);
}

/** The page a dead link opens: one plain sentence, whatever the reason. */
export async function expectDeadLink(page: Page, link: string) {
  await page.goto(new URL(link).pathname);
  await expect(page.getByTestId("dead-link")).toHaveText("This link has expired or was already used. Ask an admin for a new one.");
}

/**
 * A member invited through the API by `by` (the demo admin by default), who accepted through
 * their link in a browser context of their own: for tests that change or remove a member, which
 * must never be one of the shared demo members.
 */
export async function invitedMember(request: APIRequestContext, browser: Browser, role: "reader" | "writer" | "admin", options: { by?: string; firstName?: string } = {}) {
  const email = `temp-${suffix()}@acme.test`;
  const invited = await request.post("/api/v2/members", { headers: { Authorization: options.by ?? apiTokenOf("admin") }, data: [{ email, role, firstName: options.firstName ?? "Temp" }] });
  expect(invited.status(), await invited.text()).toBe(201);
  const { _id: id, _setPasswordUrl: link } = (await invited.json()).items[0] as { _id: string; _setPasswordUrl: string };
  const password = strongPassword();
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await acceptLink(page, link, password);
  return { id, email, password, link, context, page };
}

/**
 * A fresh member with a personal token made in the browser — for tests that remove a member,
 * which must never be one of the shared demo members.
 */
export async function memberWithToken(request: APIRequestContext, browser: Browser, role: "reader" | "writer" | "admin", options: { service?: boolean } = {}) {
  const { id, email, context, page } = await invitedMember(request, browser, role);
  const tokens = new TokensPage(page);
  const label = role[0]!.toUpperCase() + role.slice(1);
  const secret = await tokens.create(`temp ${suffix()}`, { role: options.service ? "Reader" : label, service: options.service });
  await context.close();
  return { id, email, secret };
}
