import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { apiTokenOf, signIn } from "./support";
import { TokensPage } from "./tokens-page";

const suffix = () => Math.random().toString(36).slice(2, 8);

/**
 * A fresh member (invited through the API by the demo admin) with a personal token made in the
 * browser — for tests that remove a member, which must never be one of the shared demo members.
 */
export async function memberWithToken(request: APIRequestContext, browser: Browser, role: "reader" | "writer" | "admin", options: { service?: boolean } = {}) {
  const email = `temp-${suffix()}@acme.test`;
  const invited = await request.post("/api/v2/members", { headers: { Authorization: apiTokenOf("admin") }, data: [{ email, role, firstName: "Temp" }] });
  expect(invited.status(), await invited.text()).toBe(201);
  const { _id: id, _oneTimePassword: password } = (await invited.json()).items[0] as { _id: string; _oneTimePassword: string };
  expect(password).toMatch(/^[0-9A-Za-z]{20}$/);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/settings\/authorization$/);
  const tokens = new TokensPage(page);
  const label = role[0]!.toUpperCase() + role.slice(1);
  const secret = await tokens.create(`temp ${suffix()}`, { role: options.service ? "Reader" : label, service: options.service });
  await context.close();
  return { id, email, secret };
}
