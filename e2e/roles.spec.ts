import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { HistoryPage, MembersPage, RolesPage, auth, createProjectStatus, unique } from "./settings-pages";
import { DEMO, apiTokenOf, storageStateOf } from "./support";

const serious = (r: Awaited<ReturnType<AxeBuilder["analyze"]>>) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");

test.describe("an admin manages custom roles", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("creates a role with the policy editor, gives it to a member and a token, narrows it so the token is refused, and deletes it", async ({ page, request }) => {
    const roles = new RolesPage(page);
    await roles.goto();
    const name = unique("Project makers");
    const key = name.toLowerCase().replace(/ /g, "-");

    // Create: the editor points at the statement and field until the policy is right.
    await page.getByRole("button", { name: "Create role" }).first().click();
    const panel = roles.panel("Create a role");
    await panel.getByLabel("Name").fill(name);
    await expect(panel.getByLabel("Key")).toHaveValue(key);
    await panel.getByLabel("Description").fill("Creates projects from CI");
    const editor = panel.getByLabel("Policy", { exact: true });
    await editor.fill('[{"effect": "allow", "actions": ["createProject"],, }]');
    await expect(panel.getByRole("list", { name: "Problems in the policy" })).toContainText(/Invalid JSON at line 1, column \d+/);
    await editor.fill('[{"effect": "allow", "actions": ["createProject", "updateProject"], "resources": ["proj/*"]}, {"effect": "allow", "actions": ["createProjct"], "resource": ["proj/*"]}]');
    const problems = panel.getByRole("list", { name: "Problems in the policy" });
    await expect(problems).toContainText('Statement 2 · actions');
    await expect(problems).toContainText('Unknown action "createProjct" in statement 2; did you mean "createProject"?');
    await expect(problems).toContainText('Unknown field "resource" in statement 2; did you mean "resources"?');
    await panel.getByRole("button", { name: "Save role" }).click();
    await expect(panel.getByRole("alert")).toHaveText("Fix the problems shown before saving");
    await editor.fill('[{"effect": "allow", "actions": ["createProject", "updateProject"], "resources": ["proj/*"]}]');
    await expect(panel.getByRole("list", { name: "What this policy does" })).toHaveText("Allows createProject, updateProject on proj/*");
    await panel.getByRole("button", { name: "Save role" }).click();
    await expect(panel).toBeHidden();
    const row = roles.row(name);
    await expect(row).toContainText("Allows createProject, updateProject on proj/*");
    await expect(row).toContainText("Creates projects from CI");
    const roleId = await roles.roleIdOf(name);

    // Give it to a freshly invited member (the demo members keep their roles for other specs).
    const members = new MembersPage(page);
    await members.goto();
    const email = `${unique("role-holder")}@acme.test`;
    await members.invite({ email, role: "Reader" });
    await members.closeInvite();
    await members.find(email);
    await members.changeRole(email, { customRoles: { [name]: true } });
    await expect(members.row(email)).toContainText(name);

    // And to a token, created through the API with the admin's token.
    const tokenName = unique("Role token");
    const created = await request.post("/api/v2/tokens", { ...auth(apiTokenOf("admin")), data: { name: tokenName, customRoleIds: [roleId] } });
    expect(created.status(), await created.text()).toBe(201);
    const token = ((await created.json()) as { token: string }).token;
    expect(await createProjectStatus(request, token)).toBe(201);

    await roles.goto();
    await expect(row.getByRole("cell").nth(1)).toHaveText("1");
    await expect(row.getByRole("cell").nth(2)).toHaveText("1");

    // Edit: the key is fixed; the new policy applies to the token's next request.
    await roles.menu(name, "Edit");
    const edit = roles.panel("Edit role");
    await expect(edit.getByLabel("Key")).toHaveAttribute("readonly", "");
    await edit.getByLabel("Policy", { exact: true }).fill('[{"effect": "allow", "actions": ["updateProject"], "resources": ["proj/*"]}]');
    await edit.getByRole("button", { name: "Save role" }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText("Allows updateProject on proj/*");
    expect(await createProjectStatus(request, token)).toBe(403);

    // Delete: the confirmation says what loses access.
    await roles.menu(name, "Delete");
    const dialog = page.getByRole("dialog", { name: "Delete role" });
    await expect(dialog.getByRole("list", { name: "Members who lose this role" })).toHaveText(email);
    await expect(dialog.getByRole("list", { name: "Tokens that lose this role" })).toContainText(tokenName);
    await dialog.getByRole("button", { name: "Delete role" }).click();
    await expect(dialog).toBeHidden();
    await expect(roles.row(name)).toHaveCount(0);

    // History: each change with who made it and before → after.
    const history = new HistoryPage(page);
    await history.goto(`?targetKind=role&targetId=${roleId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`History of role ${key}`);
    await expect(history.rows).toHaveCount(3);
    await expect(history.entries("roleCreated")).toContainText("policy: Allows createProject, updateProject on proj/*");
    await expect(history.entries("roleUpdated")).toContainText("policy: Allows createProject, updateProject on proj/* → Allows updateProject on proj/*");
    await expect(history.entries("roleDeleted")).toContainText("members with it: 1 → 0");
    await expect(history.entries("roleDeleted")).toContainText("tokens with it: 1 → 0");
    for (const entry of await history.rows.all()) await expect(entry).toContainText(DEMO.admin.email);
  });

  test("a duplicate key is refused beside the Key field", async ({ page }) => {
    const roles = new RolesPage(page);
    await roles.goto();
    await page.getByRole("button", { name: "Create role" }).first().click();
    const panel = roles.panel("Create a role");
    await panel.getByLabel("Name").fill("Another project editor");
    await panel.getByLabel("Key").fill("project-editor");
    await panel.getByRole("button", { name: "Save role" }).click();
    await expect(panel.getByText("A role with this key already exists")).toBeVisible();
    await expect(panel.getByLabel("Key")).toHaveAttribute("aria-invalid", "true");
  });

  test("the page and the create panel have no serious accessibility violations", async ({ page }) => {
    const roles = new RolesPage(page);
    await roles.goto();
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await page.getByRole("button", { name: "Create role" }).first().click();
    await expect(roles.panel("Create a role")).toBeVisible();
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
  });
});

test.describe("a reader", () => {
  test.use({ storageState: storageStateOf("reader") });

  test("sees the roles and what they do, but cannot create, edit or delete them", async ({ page }) => {
    const roles = new RolesPage(page);
    await roles.goto();
    await expect(roles.row("Project editor")).toContainText("Allows createProject, updateProject on proj/*");
    await expect(roles.row("Token auditor")).toContainText("Denies every action on *");
    await expect(page.getByRole("button", { name: "Create role" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
  });
});
