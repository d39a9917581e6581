import { expect, test } from "@playwright/test";
import { captureAction, replayAction } from "./actions";
import { SERVICE_TOKEN_LIMIT, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

test.use({ storageState: storageStateOf("owner") });

test("the create panel explains the service-token limit once the account reaches it", async ({ page }) => {
  const tokens = await TokensPage.open(page);
  await tokens.openCreatePanel();
  const hint = tokens.panel.getByText(/of \d+ used/);
  const used = Number((await hint.textContent())!.match(/(\d+) of \d+ used/)![1]);
  expect(used).toBeLessThan(SERVICE_TOKEN_LIMIT);

  await tokens.panel.getByLabel("Name").fill("Limit filler 0");
  await tokens.panel.getByLabel("This is a service token").check();
  const action = await captureAction(page, () => tokens.panel.getByRole("button", { name: "Save token" }).click());
  await expect(tokens.secretOf("Limit filler 0")).toBeVisible();
  for (let i = 1; i < SERVICE_TOKEN_LIMIT - used; i++) {
    const response = await replayAction(page.request, action, [{ ...(action.args[0] as object), name: `Limit filler ${i}` }]);
    expect(response.ok()).toBe(true);
  }
  // One more through the same door is refused by the domain, not only by the disabled checkbox.
  const over = await replayAction(page.request, action, [{ ...(action.args[0] as object), name: "Limit filler over" }]);
  expect(await over.text()).toContain(`limit of ${SERVICE_TOKEN_LIMIT}`);

  await tokens.goto();
  await tokens.openCreatePanel();
  await expect(tokens.panel.getByLabel("This is a service token")).toBeDisabled();
  await expect(tokens.panel).toContainText(`Your account has reached its limit of ${SERVICE_TOKEN_LIMIT} service tokens.`);
  await page.keyboard.press("Escape");

  // Deleting one makes room again.
  await tokens.delete("Limit filler 0");
  await tokens.openCreatePanel();
  await expect(tokens.panel.getByLabel("This is a service token")).toBeEnabled();
});
