import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

// Page objects for the Members, Roles and Change history pages, in the words users see.

export const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;
export const auth = (token: string) => ({ headers: { Authorization: token } });
export const SET_PASSWORD_LINK = /^https?:\/\/[^/]+\/set-password\/[A-Za-z0-9_-]{43}$/;

/** POST /api/v2/projects as `token`: the write the role tests use to see what a token may do. */
export async function createProjectStatus(request: APIRequestContext, token: string): Promise<number> {
  const key = unique("e2e-proj");
  const response = await request.post("/api/v2/projects", { ...auth(token), data: { key, name: key } });
  return response.status();
}

export class MembersPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/settings/members${query}`);
    await expect(this.page.getByRole("heading", { name: "Account members" })).toBeVisible();
  }

  /**
   * The list filtered to one member: other specs invite members too, so anyone may be past the
   * first page.
   */
  async find(email: string) {
    await this.goto(`?q=${encodeURIComponent(email)}`);
    await expect(this.row(email)).toBeVisible();
  }

  row(email: string): Locator {
    return this.page.getByRole("row", { name: email, exact: true });
  }

  get changeRoleDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Change role" });
  }

  get invitePanel(): Locator {
    return this.page.getByRole("dialog", { name: "Invite a member" });
  }

  async memberIdOf(email: string): Promise<string> {
    const id = await this.row(email).getAttribute("data-member-id");
    expect(id).toBeTruthy();
    return id!;
  }

  async menu(email: string, item: "Change role" | "Remove member" | "View tokens" | "Resend invitation" | "Revoke invitation" | "Reset password") {
    await this.row(email).getByRole("button", { name: /^Actions for / }).click();
    await this.page.getByRole("menuitem", { name: item }).click();
  }

  async openChangeRole(email: string) {
    await this.menu(email, "Change role");
    await expect(this.changeRoleDialog).toBeVisible();
  }

  /** Changes the member's roles through the dialog and waits for it to close. */
  async changeRole(email: string, changes: { role?: string; customRoles?: Record<string, boolean> }) {
    await this.openChangeRole(email);
    const dialog = this.changeRoleDialog;
    if (changes.role) await dialog.getByLabel("Role", { exact: true }).selectOption({ label: changes.role });
    for (const [name, checked] of Object.entries(changes.customRoles ?? {})) {
      await dialog.getByRole("checkbox", { name: new RegExp(`^${name}`) }).setChecked(checked);
    }
    await dialog.getByRole("button", { name: "Save roles" }).click();
    await expect(dialog).toBeHidden();
  }

  /** Invites a member through the panel and returns their set-password link, shown once. */
  async invite(member: { email: string; firstName?: string; lastName?: string; role?: string }) {
    await this.page.getByRole("button", { name: "Invite member" }).click();
    const panel = this.invitePanel;
    await expect(panel).toBeVisible();
    await panel.getByLabel("Email").fill(member.email);
    if (member.firstName) await panel.getByLabel("First name").fill(member.firstName);
    if (member.lastName) await panel.getByLabel("Last name").fill(member.lastName);
    if (member.role) await panel.getByLabel("Role").selectOption({ label: member.role });
    await panel.getByRole("button", { name: "Invite member" }).click();
    const link = await panel.getByLabel(`Set-password link for ${member.email}`).inputValue();
    expect(link).toMatch(SET_PASSWORD_LINK);
    return link;
  }

  /**
   * Resend invitation or Reset password from the row menu: confirms, and returns the new link
   * shown once in the dialog (which is then closed).
   */
  async issueLink(email: string, item: "Resend invitation" | "Reset password") {
    await this.menu(email, item);
    const dialog = this.page.getByRole("dialog", { name: item });
    await dialog.getByRole("button", { name: item === "Reset password" ? "Reset password" : "Create new link" }).click();
    const link = await dialog.getByLabel(`Set-password link for ${email}`).inputValue();
    expect(link).toMatch(SET_PASSWORD_LINK);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    return link;
  }

  async closeInvite() {
    await this.invitePanel.getByRole("button", { name: "Done" }).click();
    await expect(this.invitePanel).toBeHidden();
  }

  async remove(email: string) {
    await this.menu(email, "Remove member");
    const dialog = this.page.getByRole("dialog", { name: "Remove member" });
    await dialog.getByRole("button", { name: "Remove member" }).click();
    await expect(dialog).toBeHidden();
  }
}

export class RolesPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/roles");
    await expect(this.page.getByRole("heading", { name: "Custom roles" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByRole("row", { name, exact: true });
  }

  panel(title: "Create a role" | "Edit role"): Locator {
    return this.page.getByRole("dialog", { name: title });
  }

  async roleIdOf(name: string): Promise<string> {
    const id = await this.row(name).getAttribute("data-role-id");
    expect(id).toBeTruthy();
    return id!;
  }

  async menu(name: string, item: "Edit" | "Delete") {
    await this.page.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
    await this.page.getByRole("menuitem", { name: item }).click();
  }
}

export class HistoryPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/settings/history${query}`);
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
  }

  get rows(): Locator {
    return this.page.getByTestId("history-row");
  }

  /** Entries of one action, e.g. "roleUpdated". */
  entries(action: string): Locator {
    return this.page.locator(`[data-testid="history-row"][data-action="${action}"]`);
  }
}
