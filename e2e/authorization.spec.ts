import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { apiTokenOf, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

test.describe("a writer's own tokens", () => {
  test.use({ storageState: storageStateOf("writer"), permissions: ["clipboard-read", "clipboard-write"] });

  test("creates a token, sees its value once with Copy and a warning, and only the obscured form after a reload", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("CI deploys");
    const secret = await tokens.create(name, { role: "Writer", description: "Used by the deploy pipeline" });

    const reveal = page.getByTestId("secret-reveal");
    await expect(reveal).toContainText("Copy this token now. You won’t be able to see it again");
    await reveal.getByRole("button", { name: "Copy" }).click();
    await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const row = tokens.row(name);
    await expect(row).toContainText("Writer");
    await expect(row).toContainText("Personal");
    await expect(row).toContainText("Never");
    await expect(row).toContainText("Used by the deploy pipeline");

    await page.reload();
    await expect(tokens.row(name)).toContainText(`api-…${secret.slice(-4)}`);
    await expect(tokens.secretOf(name)).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
  });

  test("closing the reveal with Done hides the value for good", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("Done test");
    const secret = await tokens.create(name);
    await page.getByTestId("secret-reveal").getByRole("button", { name: "Done" }).click();
    await expect(tokens.secretOf(name)).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
  });

  test("is only offered the roles a writer may grant, and no service token", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    await tokens.openCreatePanel();
    const role = tokens.panel.getByLabel("Role");
    await expect(role.locator("option")).toHaveText(["Reader", "Writer", "Custom", "Inline policy"]);
    await expect(tokens.panel.getByLabel("This is a service token")).toHaveCount(0);
    // The API version list is newest first, newest chosen.
    await expect(tokens.panel.getByLabel("API version")).toHaveValue("20240415");
    await expect(tokens.panel.getByLabel("API version").locator("option")).toHaveText(["2024-04-15 (latest)", "2022-06-03", "2021-07-29", "2019-12-12"]);
  });

  test("gets precise errors from the inline policy editor and saves a valid policy", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    await tokens.openCreatePanel();
    const panel = tokens.panel;
    await panel.getByLabel("Name").fill(unique("Inline"));
    await panel.getByLabel("Role").selectOption({ label: "Inline policy" });
    const editor = panel.getByLabel("Inline policy");
    await editor.fill('[{"effect": "allow", "actions": ["createProject"],, }]');
    await expect(panel.getByText(/Invalid JSON at line 1, column \d+/)).toBeVisible();
    await editor.fill('[{"effect": "allow", "actions": ["creatProject"], "resources": ["proj/*"]}]');
    await expect(panel.getByText(/Unknown action "creatProject" in statement 1/)).toBeVisible();
    await expect(panel.getByText(/createProject/).first()).toBeVisible();
    await editor.fill('[{"effect": "allow", "actions": ["createProject"], "resources": ["proj/*"]}]');
    await expect(panel.getByRole("list", { name: "What this policy does" })).toContainText("createProject");
    await panel.getByRole("button", { name: "Save token" }).click();
    await expect(panel).toBeHidden();
    await expect(page.getByTestId("secret-reveal")).toBeVisible();
  });

  test("creates a token with custom roles", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("Projects bot");
    await tokens.create(name, { customRoles: ["Project editor"] });
    await expect(tokens.row(name)).toContainText("Project editor");
  });

  test("clones a token under a new name with a new secret shown once", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("Original");
    const first = await tokens.create(name, { role: "Reader" });
    await tokens.menu(name, "Clone");
    const dialog = page.getByRole("dialog", { name: "Clone token" });
    await expect(dialog.getByLabel("Name")).toHaveValue(`${name} (copy)`);
    await dialog.getByRole("button", { name: "Clone token" }).click();
    const clone = await tokens.secretOf(`${name} (copy)`).inputValue();
    expect(clone).toMatch(/^api-/);
    expect(clone).not.toBe(first);
    await expect(tokens.row(`${name} (copy)`)).toContainText("Reader");
  });

  test("edits a token's name, description and API version", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("Editable");
    await tokens.create(name);
    await tokens.menu(name, "Edit");
    const panel = page.getByRole("dialog", { name: "Edit access token" });
    await panel.getByLabel("Name").fill(`${name} renamed`);
    await panel.getByLabel("Description").fill("Now with a description");
    await panel.getByLabel("API version").selectOption("20220603");
    await panel.getByRole("button", { name: "Save changes" }).click();
    await expect(panel).toBeHidden();
    await expect(tokens.row(`${name} renamed`)).toContainText("2022-06-03");
    await expect(tokens.row(`${name} renamed`)).toContainText("Now with a description");
  });

  test("resets a token only after typing its name, and shows the new secret once", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("Rotating");
    const old = await tokens.create(name);
    await page.getByTestId("secret-reveal").getByRole("button", { name: "Done" }).click();
    await tokens.menu(name, "Reset");
    const dialog = page.getByRole("dialog", { name: "Reset token" });
    await dialog.getByLabel("In 24 hours").check();
    const confirm = dialog.getByRole("button", { name: "Reset token" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type “${name}” to confirm`).fill(name.toUpperCase());
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
    await confirm.click();
    const fresh = await tokens.secretOf(name).inputValue();
    expect(fresh).not.toBe(old);
    await expect(tokens.row(name)).toContainText(`api-…${fresh.slice(-4)}`);
  });

  test("deletes a token after confirming", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("Short-lived");
    await tokens.create(name);
    await tokens.delete(name);
    await expect(page.getByText(`Deleted “${name}”`)).toBeVisible();
  });

  test("searches by name and filters by type", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const needle = unique("Needle");
    await tokens.create(needle);
    await page.getByLabel("Search tokens by name").fill(needle.split(" ")[1]!);
    await expect(page).toHaveURL(/q=/);
    await expect(page.getByTestId("token-row")).toHaveCount(1);
    await expect(tokens.row(needle)).toBeVisible();
    await page.getByLabel("Search tokens by name").fill("");
    await page.getByLabel("Token type").selectOption("service");
    await expect(page).toHaveURL(/type=service/);
    await expect(tokens.row(needle)).toHaveCount(0);
  });

  test("has no serious accessibility violations, with the panel closed and open", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const serious = (r: Awaited<ReturnType<AxeBuilder["analyze"]>>) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await tokens.openCreatePanel();
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
  });

  test("opens the panel from the keyboard, closes it with Escape and returns focus", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const button = page.getByRole("button", { name: "Create token" }).first();
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(tokens.panel).toBeVisible();
    await expect(tokens.panel.getByLabel("Name")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(tokens.panel).toBeHidden();
    await expect(button).toBeFocused();
  });
});

test.describe("service tokens and other members' tokens", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("an admin creates a service token, which everyone sees but only admins manage", async ({ page, browser }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("Build service");
    await tokens.create(name, { role: "Reader", service: true });
    await expect(tokens.row(name)).toContainText("Service");

    const writer = await browser.newContext({ storageState: storageStateOf("writer") });
    const writerPage = new TokensPage(await writer.newPage());
    await writerPage.goto();
    await expect(writerPage.row(name)).toBeVisible();
    await writerPage.page.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
    await expect(writerPage.page.getByRole("menuitem")).toHaveText(["View history"]);
    await writer.close();
  });

  test("an admin lists every member's tokens and deletes one without ever seeing its value", async ({ page, browser }) => {
    const writer = await browser.newContext({ storageState: storageStateOf("writer") });
    const writerTokens = new TokensPage(await writer.newPage());
    await writerTokens.goto();
    const name = unique("Writer's script");
    const secret = await writerTokens.create(name);
    await writer.close();

    const tokens = await TokensPage.open(page);
    await expect(tokens.row(name)).toHaveCount(0);
    await page.getByRole("switch", { name: "Show all members’ tokens" }).check();
    await expect(page).toHaveURL(/showAll=1/);
    const row = tokens.row(name);
    await expect(row).toContainText("writer@acme.test");
    expect(await page.content()).not.toContain(secret);
    await tokens.delete(name);
  });

  test("an admin narrows the list to one member's tokens, as the Members page links to", async ({ page, request }) => {
    const me = await (await request.get("/api/v2/members/me", { headers: { Authorization: apiTokenOf("writer") } })).json();
    await TokensPage.open(page, `?member=${me._id}`);
    await expect(page.getByRole("status").filter({ hasText: "Showing the personal tokens of writer@acme.test" })).toBeVisible();
    const rows = page.getByTestId("token-row");
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.allTextContents()) expect(text).toContain("writer@acme.test");
  });

  test("each token row links to its change history", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const name = unique("With history");
    await tokens.create(name);
    await tokens.menu(name, "View history");
    await expect(page).toHaveURL(/\/settings\/history\?targetKind=token&targetId=[0-9a-f]{24}/);
  });
});

test.describe("a reader", () => {
  test.use({ storageState: storageStateOf("reader") });

  test("may only mint reader tokens", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    await tokens.openCreatePanel();
    await expect(tokens.panel.getByLabel("Role").locator("option")).toHaveText(["Reader", "Custom", "Inline policy"]);
  });
});
