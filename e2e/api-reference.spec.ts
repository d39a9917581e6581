import { expect, test } from "@playwright/test";

// The REST API's reference page renders its OpenAPI document with Scalar's viewer, served by
// Tollgate itself, under the page's Content-Security-Policy: no request leaves the origin, and
// nothing is refused by the policy.
test("the API reference page renders every resource from the app's own files, within the page policy", async ({ page, baseURL }) => {
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
  // The viewer is one large script: give it time to arrive and render on a busy machine.
  await expect(page.getByText("List access tokens").first()).toBeVisible({ timeout: 60_000 });
  for (const tag of ["Access tokens", "Account members", "Custom roles", "Projects", "Audit log"]) {
    await expect(page.getByText(tag, { exact: true }).first()).toBeVisible();
  }
  await page.screenshot({ path: test.info().outputPath("api-reference.png"), fullPage: false });
  expect(foreign).toEqual([]);
  expect(refused).toEqual([]);
});
