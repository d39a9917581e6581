import { expect, type Locator, type Page } from "@playwright/test";
import { captureAction, type CapturedAction } from "./actions";

/** The Authorization page, in the words users see. */
export class TokensPage {
  constructor(readonly page: Page) {}

  /** The page, opened: the first step of most specs. */
  static async open(page: Page, query = ""): Promise<TokensPage> {
    const tokens = new TokensPage(page);
    await tokens.goto(query);
    return tokens;
  }

  async goto(query = "") {
    await this.page.goto(`/settings/authorization${query}`);
    await expect(this.page.getByRole("heading", { name: "Access tokens" })).toBeVisible();
  }

  get panel(): Locator {
    return this.page.getByRole("dialog", { name: "Create an access token" });
  }

  row(name: string): Locator {
    return this.page.getByRole("row", { name, exact: true });
  }

  secretOf(name: string): Locator {
    return this.page.getByLabel(`Secret of ${name}`);
  }

  async openCreatePanel() {
    await this.page.getByRole("button", { name: "Create token" }).first().click();
    await expect(this.panel).toBeVisible();
  }

  /** Saves a token of this name through the panel and returns the create action's request, to replay. */
  async captureCreate(name: string): Promise<CapturedAction> {
    await this.openCreatePanel();
    await this.panel.getByLabel("Name").fill(name);
    return captureAction(this.page, () => this.panel.getByRole("button", { name: "Save token" }).click());
  }

  /** Creates a token through the panel and returns the secret shown once. */
  async create(name: string, options: { role?: string; service?: boolean; description?: string; inlinePolicy?: string; customRoles?: string[] } = {}) {
    await this.openCreatePanel();
    await this.panel.getByLabel("Name").fill(name);
    if (options.description) await this.panel.getByLabel("Description").fill(options.description);
    if (options.role) await this.panel.getByLabel("Role").selectOption({ label: options.role });
    if (options.customRoles) {
      await this.panel.getByLabel("Role").selectOption({ label: "Custom" });
      for (const role of options.customRoles) await this.panel.getByRole("checkbox", { name: new RegExp(role) }).check();
    }
    if (options.inlinePolicy !== undefined) {
      await this.panel.getByLabel("Role").selectOption({ label: "Inline policy" });
      await this.panel.getByLabel("Inline policy").fill(options.inlinePolicy);
    }
    if (options.service) await this.panel.getByLabel("This is a service token").check();
    await this.panel.getByRole("button", { name: "Save token" }).click();
    await expect(this.panel).toBeHidden();
    const secret = await this.secretOf(name).inputValue();
    expect(secret).toMatch(/^api-[0-9A-Za-z]{36}$/);
    return secret;
  }

  async menu(name: string, item: "Clone" | "Edit" | "Reset" | "Delete" | "View history") {
    await this.page.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
    await this.page.getByRole("menuitem", { name: item }).click();
  }

  /** Clones a token through its menu (default name "<name> (copy)") and returns the new secret. */
  async clone(name: string): Promise<string> {
    await this.dismissSecret();
    await this.menu(name, "Clone");
    const dialog = this.page.getByRole("dialog", { name: "Clone token" });
    await dialog.getByRole("button", { name: "Clone token" }).click();
    await expect(dialog).toBeHidden();
    return this.secretOf(`${name} (copy)`).inputValue();
  }

  /** Resets a token through its menu, confirming with its name, and returns the new secret. */
  async reset(name: string, oldSecretDies: "Immediately" | "In 1 hour" | "In 24 hours" | "In 7 days" = "Immediately"): Promise<string> {
    // Dismissed first, so the secret read afterwards is surely the new one.
    await this.dismissSecret();
    await this.menu(name, "Reset");
    const dialog = this.page.getByRole("dialog", { name: "Reset token" });
    await dialog.getByLabel(oldSecretDies).check();
    await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
    await dialog.getByRole("button", { name: "Reset token" }).click();
    await expect(dialog).toBeHidden();
    return this.secretOf(name).inputValue();
  }

  async dismissSecret() {
    const reveal = this.page.getByTestId("secret-reveal");
    if (await reveal.isVisible()) await reveal.getByRole("button", { name: "Done" }).click();
    await expect(reveal).toHaveCount(0);
  }

  async delete(name: string) {
    await this.menu(name, "Delete");
    await this.page.getByRole("dialog", { name: "Delete token" }).getByRole("button", { name: "Delete token" }).click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
