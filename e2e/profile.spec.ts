import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { invitedMember, strongPassword } from "./members";
import { signIn } from "./support";

// Every test here signs a fresh invited member in from several browsers: ending sessions of a
// demo member would sign out the saved browser states the other specs share.

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
const SAFARI_PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

const serious = (r: Awaited<ReturnType<AxeBuilder["analyze"]>>) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");

/** Another browser, signed in as the member with their password. */
async function anotherBrowser(browser: Browser, email: string, password: string, userAgent?: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, ...(userAgent ? { userAgent } : {}) });
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/settings\/authorization$/);
  return { context, page };
}

/** The next request of a signed-out browser lands on the sign-in page. */
async function expectSignedOut(page: Page) {
  await page.goto("/settings/authorization");
  await expect(page).toHaveURL(/\/login/);
}

async function expectSignedIn(page: Page) {
  await page.goto("/settings/authorization");
  await expect(page).toHaveURL(/\/settings\/authorization$/);
}

test.describe("the profile page", () => {
  // Each test signs one member in from several browsers (scrypt per sign-in): journeys, not pokes.
  test.describe.configure({ timeout: 120_000 });
  test("shows the member's details, and Change password signs a second browser out on its next request", async ({ browser, request }) => {
    const member = await invitedMember(request, browser, "writer", { firstName: "Pat" });
    const second = await anotherBrowser(browser, member.email, member.password);
    const { page } = member;
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Profile" }).click();
    await expect(page).toHaveURL(/\/settings\/profile$/);
    await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
    await expect(page.getByTestId("profile-name")).toHaveText("Pat");
    await expect(page.getByTestId("profile-email")).toHaveText(member.email);
    await expect(page.getByTestId("profile-role")).toHaveText("Writer");
    await expect(page.getByTestId("session-row")).toHaveCount(2);

    const form = page.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password").fill("not my password");
    const next = strongPassword();
    await form.getByLabel("New password", { exact: true }).fill(next);
    await form.getByLabel("Confirm new password").fill(next);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("Your current password is not correct")).toBeVisible();
    await expectSignedIn(second.page);

    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Profile" }).click();
    await form.getByLabel("Current password").fill(member.password);
    await form.getByLabel("New password", { exact: true }).fill("password1234");
    await form.getByLabel("Confirm new password").fill("password1234");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText(/too easy to guess/).last()).toBeVisible();

    await form.getByLabel("New password", { exact: true }).fill(next);
    await form.getByLabel("Confirm new password").fill(next);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Password changed. 1 other session was signed out.")).toBeVisible();

    await expectSignedOut(second.page);
    await expectSignedIn(page);
    await signIn(second.page, member.email, member.password);
    await expect(second.page.locator("form").getByRole("alert")).toHaveText("Incorrect email or password.");
    await signIn(second.page, member.email, next);
    await expect(second.page).toHaveURL(/\/settings\/authorization$/);
    await second.context.close();
    await member.context.close();
  });

  test("“Sign out” on one listed session ends exactly that one; “Sign out everywhere else” ends the rest", async ({ browser, request }) => {
    const member = await invitedMember(request, browser, "reader");
    const laptop = await anotherBrowser(browser, member.email, member.password, FIREFOX);
    const phone = await anotherBrowser(browser, member.email, member.password, SAFARI_PHONE);
    const phone2 = await anotherBrowser(browser, member.email, member.password, SAFARI_PHONE);
    const { page } = member;
    await page.goto("/settings/profile");
    const rows = page.getByTestId("session-row");
    await expect(rows).toHaveCount(4);
    await expect(page.locator("[data-testid=session-row][data-current]")).toHaveCount(1);
    await expect(page.locator("[data-testid=session-row][data-current]")).toContainText("This browser");
    await expect(rows.filter({ hasText: "Firefox on Linux" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "Safari on iOS" })).toHaveCount(2);

    await rows.filter({ hasText: "Firefox on Linux" }).getByRole("button", { name: /^Sign out Firefox on Linux/ }).click();
    await expect(rows).toHaveCount(3);
    await expectSignedOut(laptop.page);
    await expectSignedIn(phone.page);
    await expectSignedIn(phone2.page);
    await expectSignedIn(page);

    await page.goto("/settings/profile");
    await expect(rows).toHaveCount(3);
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(rows).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Sign out everywhere else" })).toBeDisabled();
    await expectSignedOut(phone.page);
    await expectSignedOut(phone2.page);
    await expectSignedIn(page);

    // Signing this browser out from its own row signs it out here too.
    await page.goto("/settings/profile");
    await rows.getByRole("button", { name: /\(this browser\)/ }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expectSignedOut(page);
    for (const other of [laptop, phone, phone2, member]) await other.context.close();
  });

  test("has no serious accessibility violations, and works from the keyboard", async ({ browser, request }) => {
    const member = await invitedMember(request, browser, "reader");
    const { page } = member;
    await page.goto("/settings/profile");
    await expect(page.getByTestId("session-row")).toHaveCount(1);
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await page.getByLabel("Current password").focus();
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("New password", { exact: true })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Confirm new password")).toBeFocused();
    await member.context.close();
  });
});

test.describe("the set-password page", () => {
  test("answers a made-up or malformed link with the plain sentence, never an error page", async ({ page }) => {
    for (const path of [`/set-password/${"A".repeat(43)}`, "/set-password/x", `/set-password/${"%00".repeat(20)}`, `/set-password/${"a".repeat(5000)}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(500);
      await expect(page.getByTestId("dead-link")).toHaveText("This link has expired or was already used. Ask an admin for a new one.");
    }
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
  });
});
