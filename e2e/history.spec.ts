import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { HistoryPage, MembersPage, auth, unique } from "./settings-pages";
import { DEMO, apiTokenOf, storageStateOf } from "./support";

const serious = (r: Awaited<ReturnType<AxeBuilder["analyze"]>>) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");

async function createToken(request: APIRequestContext, as: string, name: string) {
  const response = await request.post("/api/v2/tokens", { ...auth(as), data: { name, role: "reader" } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { _id: string })._id;
}

test.describe("an admin reads the change history", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("shows who changed what, with the token badge and before → after, and the history of one token", async ({ page, request }) => {
    const admin = apiTokenOf("admin");
    const name = unique("History token");
    const renamed = `${name} renamed`;
    const id = await createToken(request, admin, name);
    const patch = await request.patch(`/api/v2/tokens/${id}`, { ...auth(admin), data: [{ op: "replace", path: "/name", value: renamed }] });
    expect(patch.status(), await patch.text()).toBe(200);

    const history = new HistoryPage(page);
    await history.goto(`?targetKind=token&targetId=${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`History of token ${renamed}`);
    await expect(history.rows).toHaveCount(2);
    const updated = history.entries("tokenUpdated");
    await expect(updated).toContainText("e2e admin API token");
    await expect(updated.getByText("token", { exact: true })).toBeVisible();
    await expect(updated).toContainText("Token updated");
    await expect(updated).toContainText(`name: ${name} → ${renamed}`);
    const created = history.entries("tokenCreated");
    await expect(created).toContainText("permission: role reader");
    await expect(created).toContainText("service token: no");
    // Nothing secret-shaped anywhere on the page.
    expect(await page.content()).not.toMatch(/api-[0-9A-Za-z]{36}/);

    await page.getByRole("link", { name: "Show all changes" }).click();
    await expect(page).toHaveURL(/\/settings\/history$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change history");
  });

  test("shows a token as the actor of what it did, with the member who created it", async ({ page, request }) => {
    const admin = apiTokenOf("admin");
    const name = unique("History bot");
    const service = await request.post("/api/v2/tokens", { ...auth(admin), data: { name, role: "writer", serviceToken: true } });
    expect(service.status(), await service.text()).toBe(201);
    const bot = (await service.json()) as { _id: string; token: string };
    const key = `bot-${Math.random().toString(36).slice(2, 8)}`;
    const project = await request.post("/api/v2/projects", { ...auth(bot.token), data: { key, name: "Made by a bot" } });
    expect(project.status(), await project.text()).toBe(201);
    const projectId = ((await project.json()) as { _id: string })._id;
    // Service tokens are few in the e2e account: the entry outlives the token.
    expect((await request.delete(`/api/v2/tokens/${bot._id}`, auth(admin))).status()).toBe(204);

    const history = new HistoryPage(page);
    await history.goto(`?targetKind=project&targetId=${projectId}`);
    const created = history.entries("projectCreated");
    await expect(created).toHaveCount(1);
    await expect(created).toContainText(name);
    await expect(created.getByText("token", { exact: true })).toBeVisible();
    await expect(created).toContainText(`created by ${DEMO.admin.email}`);
  });

  test("shows the comment a custom role's PATCH carried, under the changed fields", async ({ page, request }, testInfo) => {
    const admin = apiTokenOf("admin");
    const key = `commented-${Math.random().toString(36).slice(2, 8)}`;
    const created = await request.post("/api/v2/roles", {
      ...auth(admin),
      data: { key, name: "Commented role", policy: [{ effect: "allow", actions: ["updateProject"], resources: ["proj/*"] }] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const roleId = ((await created.json()) as { _id: string })._id;
    const comment = "Widened for the release weekend <b>not bold</b>";
    const patched = await request.patch(`/api/v2/roles/${key}`, {
      ...auth(admin),
      data: { patch: [{ op: "replace", path: "/description", value: "Release weekend" }], comment },
    });
    expect(patched.status(), await patched.text()).toBe(200);

    const history = new HistoryPage(page);
    await history.goto(`?targetKind=role&targetId=${roleId}`);
    const updated = history.entries("roleUpdated");
    await expect(updated).toHaveCount(1);
    await expect(updated).toContainText("description: Release weekend");
    // Shown as text, never as markup.
    await expect(updated.getByTestId("history-comment")).toHaveText(`Comment: ${comment}`);
    await expect(history.entries("roleCreated").getByTestId("history-comment")).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("history-comment.png"), fullPage: true });

    // The API's entry carries it too.
    const log = await request.get(`/api/v2/auditlog?spec=${encodeURIComponent(`role/${key}`)}&limit=1`, auth(admin));
    expect(((await log.json()) as { items: { comment?: string }[] }).items[0]?.comment).toBe(comment);
    expect((await request.delete(`/api/v2/roles/${key}`, auth(admin))).status()).toBe(204);
  });

  test("filters by actor, target type, action and date range, all kept in the URL", async ({ page, request }) => {
    const name = unique("Filtered token");
    await createToken(request, apiTokenOf("admin"), name);
    const history = new HistoryPage(page);
    await history.goto();

    await page.getByLabel("Actor").selectOption({ label: "e2e admin API token (token)" });
    await expect(page).toHaveURL(/actor=token%3A/);
    await page.getByLabel("Target type").selectOption({ label: "Token" });
    await expect(page).toHaveURL(/targetKind=token/);
    await page.getByLabel("Action").selectOption({ label: "Token created" });
    await expect(page).toHaveURL(/action=tokenCreated/);
    await expect(history.rows.filter({ hasText: name })).toHaveCount(1);
    for (const row of await history.rows.all()) {
      await expect(row).toHaveAttribute("data-action", "tokenCreated");
      await expect(row).toContainText("e2e admin API token");
    }

    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    });
    await page.getByLabel("From", { exact: true }).fill(today);
    await expect(page).toHaveURL(new RegExp(`from=${today}`));
    await expect(history.rows.filter({ hasText: name })).toHaveCount(1);
    await page.getByLabel("From", { exact: true }).fill("2099-01-01");
    await expect(page.getByText("No changes match these filters")).toBeVisible();
    await page.getByLabel("To", { exact: true }).fill("2098-01-01");
    await expect(page.getByRole("alert").filter({ hasText: "from must not be after to" })).toBeVisible();

    // A reload keeps the filters: they live in the URL.
    await page.reload();
    await expect(page.getByLabel("Action")).toHaveValue("tokenCreated");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/settings\/history$/);
    await expect(page.getByLabel("Actor")).toHaveValue("");
  });

  test("has no serious accessibility violations", async ({ page }) => {
    const history = new HistoryPage(page);
    await history.goto();
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
  });
});

test.describe("a member without admin rights", () => {
  test.use({ storageState: storageStateOf("writer") });

  test("sees only their own entries, not the admin's changes to others", async ({ page, request, browser }) => {
    // The admin changes things that are not the writer's: a token of their own and another member's role.
    const adminToken = unique("Admin-only token");
    await createToken(request, apiTokenOf("admin"), adminToken);
    const adminContext = await browser.newContext({ storageState: storageStateOf("admin") });
    const members = new MembersPage(await adminContext.newPage());
    await members.goto();
    const other = `${unique("someone-else")}@acme.test`;
    await members.invite({ email: other, role: "Reader" });
    await members.closeInvite();
    await members.find(other);
    await members.changeRole(other, { role: "Writer" });
    await adminContext.close();

    const writerToken = unique("Writer's own token");
    await createToken(request, apiTokenOf("writer"), writerToken);

    const history = new HistoryPage(page);
    await history.goto();
    await expect(history.rows.filter({ hasText: writerToken })).toHaveCount(1);
    await expect(history.rows.filter({ hasText: adminToken })).toHaveCount(0);
    await expect(history.rows.filter({ hasText: other })).toHaveCount(0);

    // Entries about members are about the writer only.
    await page.getByLabel("Target type").selectOption({ label: "Member" });
    await expect(page).toHaveURL(/targetKind=member/);
    for (const row of await history.rows.all()) await expect(row).toContainText(DEMO.writer.email);
  });
});
