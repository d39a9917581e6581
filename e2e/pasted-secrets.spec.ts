import { expect, test } from "@playwright/test";
import { apiTokenOf, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

// Names are shown to everyone and kept in change history: a secret pasted into one, or a
// character that makes it look like another name, is refused as the user's mistake — beside the
// field in the console, as a 400 in the API — and the secret is never sent back.

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

test.describe("text that does not belong in a name", () => {
  test.use({ storageState: storageStateOf("writer") });

  test("a secret pasted into a token's name is refused beside the Name field, without being repeated", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    const secret = await tokens.create(unique("Pasted secret"));
    await tokens.dismissSecret();

    await tokens.openCreatePanel();
    const name = tokens.panel.getByLabel("Name");
    await name.fill(`deploy ${secret}`);
    // Every answer to the page's actions, read as it passes (the browser may drop a streamed
    // body once the page has moved on, so it is not read from the browser afterwards).
    const answers: string[] = [];
    await page.route("**/settings/authorization", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      const response = await route.fetch();
      answers.push(await response.text());
      await route.fulfill({ response });
    });
    await tokens.panel.getByRole("button", { name: "Save token" }).click();
    // The field's own error, which the Name control is described by.
    await expect(name).toHaveAccessibleDescription(/a secret was pasted where it does not belong/);
    await expect(name).toHaveAttribute("aria-invalid", "true");
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer).not.toContain(secret);
  });

  test("a zero-width character in a token's name is refused beside the Name field", async ({ page }) => {
    const tokens = await TokensPage.open(page);
    await tokens.openCreatePanel();
    await tokens.panel.getByLabel("Name").fill("CI\u200bdeploy");
    await tokens.panel.getByRole("button", { name: "Save token" }).click();
    await expect(tokens.panel.getByLabel("Name")).toHaveAccessibleDescription(/cannot contain invisible characters/);
    await expect(tokens.panel.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  });

  test("the API answers a secret in a role's name, or a direction override in a project's name, with 400 and never the secret", async ({ request }) => {
    const owner = apiTokenOf("owner");
    const secret = apiTokenOf("reader");
    const role = await request.post("/api/v2/roles", {
      headers: { Authorization: owner },
      data: { key: `pasted-${Date.now()}`, name: `ops ${secret}`, policy: [{ effect: "allow", actions: ["createProject"], resources: ["proj/*"] }] },
    });
    expect(role.status()).toBe(400);
    const body = await role.text();
    expect(body).toMatch(/a secret was pasted where it does not belong/);
    expect(body).not.toContain(secret);

    const project = await request.post("/api/v2/projects", { headers: { Authorization: owner }, data: { key: `rtl-${Date.now()}`, name: "payments\u202etxt.exe" } });
    expect(project.status()).toBe(400);
    expect(await project.text()).toMatch(/cannot contain invisible characters/);
  });
});
