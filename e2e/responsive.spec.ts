import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

// On a phone, wide tables scroll inside their own box; the page itself never scrolls sideways.
test.use({ storageState: storageStateOf("admin"), viewport: { width: 390, height: 844 } });

for (const path of ["/settings/authorization?showAll=1", "/settings/members", "/settings/roles", "/settings/history", "/settings/profile"]) {
  test(`${path} fits a 390-pixel-wide screen`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole("table").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
