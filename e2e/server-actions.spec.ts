import { expect, request as playwrightRequest, test } from "@playwright/test";
import { captureAction, replayAction } from "./actions";
import { storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

test.describe("server actions are public endpoints, so each checks who is calling", () => {
  test.use({ storageState: storageStateOf("writer") });

  test("an unauthenticated call to the create-token action is refused and creates nothing", async ({ page, baseURL }) => {
    const tokens = await TokensPage.open(page);
    const action = await tokens.captureCreate("Captured create");
    await expect(tokens.secretOf("Captured create")).toBeVisible();

    // Explicitly empty: the test's `use` options (the writer's cookies) would otherwise apply.
    const stranger = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const args = [{ ...(action.args[0] as object), name: "Forged by a stranger" }];
    const response = await replayAction(stranger, action, args);
    const body = await response.text();
    expect(body).not.toMatch(/api-[0-9A-Za-z]{36}/);
    expect(response.headers()["x-action-redirect"] ?? response.headers()["location"] ?? "").toContain("/login");
    await stranger.dispose();

    await tokens.goto();
    await expect(tokens.row("Forged by a stranger")).toHaveCount(0);
  });

  test("a reader replaying a writer's create call cannot mint a writer token", async ({ page, browser }) => {
    const tokens = await TokensPage.open(page);
    await tokens.openCreatePanel();
    await tokens.panel.getByLabel("Name").fill("Writer-made");
    await tokens.panel.getByLabel("Role").selectOption({ label: "Writer" });
    const action = await captureAction(page, () => tokens.panel.getByRole("button", { name: "Save token" }).click());
    await expect(tokens.secretOf("Writer-made")).toBeVisible();

    const reader = await browser.newContext({ storageState: storageStateOf("reader") });
    const response = await replayAction(reader.request, action, [{ ...(action.args[0] as object), name: "Escalated" }]);
    expect(await response.text()).not.toMatch(/api-[0-9A-Za-z]{36}/);
    const readerTokens = new TokensPage(await reader.newPage());
    await readerTokens.goto();
    await expect(readerTokens.row("Escalated")).toHaveCount(0);
    await reader.close();
  });

  test("the response that carries a secret is not cacheable", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    await tokens.openCreatePanel();
    await tokens.panel.getByLabel("Name").fill("Cache check");
    const responsePromise = page.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
    await tokens.panel.getByRole("button", { name: "Save token" }).click();
    const response = await responsePromise;
    expect(response.headers()["cache-control"]).toMatch(/no-store/);
  });
});

test.describe("pagination", () => {
  test.use({ storageState: storageStateOf("owner") });

  test("lists 25 tokens a page and pages past them", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const action = await tokens.captureCreate("Page filler 00");
    await expect(tokens.secretOf("Page filler 00")).toBeVisible();
    for (let i = 1; i <= 26; i++) {
      const response = await replayAction(page.request, action, [{ ...(action.args[0] as object), name: `Page filler ${String(i).padStart(2, "0")}` }]);
      expect(response.ok()).toBe(true);
    }
    await tokens.goto("?q=Page%20filler");
    await expect(page.getByTestId("token-row")).toHaveCount(25);
    const pagination = page.getByRole("navigation", { name: "Pagination" });
    await expect(pagination).toContainText("1–25 of 27");
    await pagination.getByRole("button", { name: "Next" }).click();
    await expect(page.getByTestId("token-row")).toHaveCount(2);
    await expect(pagination).toContainText("26–27 of 27");
    // Newest first: the first token created is on the last page.
    await expect(tokens.row("Page filler 00")).toBeVisible();
  });
});
