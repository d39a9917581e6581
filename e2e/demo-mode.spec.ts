import { expect, test } from "@playwright/test";
import { startServer, type ExtraServer } from "./servers";
import { EXTRA_PORT, storageStateOf } from "./support";

// Demo mode's passwords are public: it says so on every page, and it is served on a network
// address only when asked for by name (the refusal itself is in configuration.spec.ts).

test.describe("demo mode", () => {
  test("every page says demo mode's passwords are public", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf("reader") });
    const page = await context.newPage();
    for (const path of ["/settings/authorization", "/settings/members", "/settings/history"]) {
      await page.goto(path);
      await expect(page.getByTestId("demo-banner"), path).toHaveText("Demo mode — passwords are public");
    }
    const signedOut = await browser.newContext();
    const login = await signedOut.newPage();
    await login.goto("/login");
    await expect(login.getByTestId("demo-banner")).toHaveText("Demo mode — passwords are public");
    await context.close();
    await signedOut.close();
  });

  test.describe("asked for by name on every interface", () => {
    let server: ExtraServer;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      server = await startServer(EXTRA_PORT.demoOnNetwork, { HOST: "0.0.0.0", TOLLGATE_DEMO: "true" });
    });
    test.afterAll(async () => server?.stop());

    test("serves, says where it listens, and shows the banner", async ({ page }) => {
      expect(server.output()).toContain(`Tollgate is serving on http://0.0.0.0:${EXTRA_PORT.demoOnNetwork}`);
      await page.goto(`${server.url}/login`);
      await expect(page.getByTestId("demo-banner")).toHaveText("Demo mode — passwords are public");
    });
  });
});
