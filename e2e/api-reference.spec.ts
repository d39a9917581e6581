import { expect, test } from "@playwright/test";

// The REST API's reference page renders its OpenAPI document with Scalar's viewer, served by
// Tollgate itself, under the page's Content-Security-Policy: no request leaves the origin, and
// nothing is refused by the policy.
test("the API reference page renders every resource from the app's own files, within the page policy", async ({ page, baseURL }) => {
  // The viewer is one large script: give it time to arrive and render on a busy machine.
  test.setTimeout(90_000);
  const foreign: string[] = [];
  const refused: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(baseURL!) && !request.url().startsWith("data:")) foreign.push(request.url());
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  const response = await page.goto("/docs/api");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  await expect(page.getByRole("heading", { name: "Tollgate REST API" })).toBeVisible({ timeout: 60_000 });
  const sidebar = page.getByRole("navigation").first();
  for (const tag of ["Access tokens", "Account members", "Custom roles", "Projects", "Audit log"]) {
    await expect(sidebar.getByText(tag, { exact: true })).toBeVisible();
  }
  await expect(sidebar.getByText("List access tokens", { exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("api-reference.png"), fullPage: false });
  expect(foreign).toEqual([]);
  expect(refused).toEqual([]);
});
