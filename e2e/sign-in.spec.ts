import { expect, test } from "@playwright/test";
import { DEMO, ROLES, expectSignedInAs, signIn } from "./support";

test.describe("signing in and out", () => {
  for (const role of ROLES) {
    test(`the demo ${role} signs in, sees the settings shell and signs out`, async ({ page }) => {
      await signIn(page, DEMO[role].email);
      await expectSignedInAs(page, role);
      await expect(page.getByRole("banner")).toContainText("Acme");
      await expect(page.getByRole("heading", { level: 1, name: "Authorization" })).toBeVisible();

      const cookies = await page.context().cookies();
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/login$/);
      // Signed out for real: the settings page sends us back to sign in.
      await page.goto("/settings/authorization");
      await expect(page).toHaveURL(/\/login/);
      // Even with a copy of the cookie kept from before: signing out ended its session row.
      await page.context().addCookies(cookies);
      await page.goto("/settings/authorization");
      await expect(page).toHaveURL(/\/login/);
    });
  }

  test("a wrong password is refused with a message that does not say whether the email exists", async ({ page }) => {
    await signIn(page, DEMO.writer.email, "not-the-password");
    // (Next.js adds an empty role="alert" route announcer; ours is the one in the form.)
    const message = page.locator("form").getByRole("alert");
    await expect(message).toHaveText("Incorrect email or password.");
    await expect(page).toHaveURL(/\/login$/);

    await signIn(page, "nobody@acme.test", "not-the-password");
    await expect(message).toHaveText("Incorrect email or password.");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("the sign-in page lists the demo accounts in demo mode", async ({ page }) => {
    await page.goto("/login");
    const demo = page.getByRole("region", { name: "Demo mode" });
    for (const role of ROLES) await expect(demo).toContainText(DEMO[role].email);
    await expect(demo).toContainText("tollgate-demo");
  });

  test("/ sends a visitor to sign in, and a signed-in member to the Authorization page", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
    await signIn(page, DEMO.reader.email);
    await expectSignedInAs(page, "reader");
    await page.goto("/");
    await expect(page).toHaveURL(/\/settings\/authorization$/);
  });

  test("a callback URL pointing at another site is ignored after signing in", async ({ page }) => {
    await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2F");
    await page.getByLabel("Email").fill(DEMO.reader.email);
    await page.getByLabel("Password").fill("tollgate-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/localhost:\d+\/settings\/authorization$/);
  });
});

test.describe("settings pages refuse visitors who are not signed in", () => {
  for (const path of ["/settings/authorization", "/settings/members", "/settings/roles", "/settings/history", "/settings/profile"]) {
    test(`${path} redirects to sign-in without rendering any account data`, async ({ request }) => {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status()).toBe(307);
      expect(response.headers()["location"]).toMatch(/\/login$/);
      expect(await response.text()).not.toContain("Acme");
    });
  }
});
