import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { captureAction, replayAction } from "./actions";
import { HistoryPage, MembersPage, auth, createProjectStatus, unique } from "./settings-pages";
import { acceptLink, expectDeadLink, invitedMember, strongPassword } from "./members";
import { DEMO, apiTokenOf, signIn, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

const serious = (r: Awaited<ReturnType<AxeBuilder["analyze"]>>) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");

test.describe("an admin manages members", () => {
  test.use({ storageState: storageStateOf("admin"), permissions: ["clipboard-read", "clipboard-write"] });

  test("demoting the writer to reader refuses their Writer token a write at once; the change is in history; the role is restored", async ({ page, request }) => {
    const writerToken = apiTokenOf("writer");
    expect(await createProjectStatus(request, writerToken)).toBe(201);

    const members = new MembersPage(page);
    await members.find(DEMO.writer.email);
    const writerId = await members.memberIdOf(DEMO.writer.email);
    await members.changeRole(DEMO.writer.email, { role: "Reader" });
    try {
      await expect(members.row(DEMO.writer.email)).toContainText("Reader");
      // The token still says Writer, but a personal token can never do more than its member.
      const refused = await request.post("/api/v2/projects", { ...auth(writerToken), data: { key: unique("e2e-refused"), name: "Refused" } });
      expect(refused.status()).toBe(403);
    } finally {
      await members.find(DEMO.writer.email);
      await members.changeRole(DEMO.writer.email, { role: "Writer" });
    }
    await expect(members.row(DEMO.writer.email)).toContainText("Writer");
    expect(await createProjectStatus(request, writerToken)).toBe(201);

    const history = new HistoryPage(page);
    await history.goto(`?targetKind=member&targetId=${writerId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`History of member ${DEMO.writer.email}`);
    // Newest first: the restore, then the demotion.
    const updates = history.entries("memberUpdated");
    await expect(updates.nth(0)).toContainText("role: reader → writer");
    await expect(updates.nth(1)).toContainText("role: writer → reader");
    await expect(updates.nth(1)).toContainText(DEMO.admin.email);
    await expect(updates.nth(1)).toContainText("Member roles changed");
  });

  test("invites a member with a link shown once; they choose their password through it and are signed in; the link then no longer works; removing them kills their token and leaves it listed as a removed member's", async ({ page, browser, request }) => {
    test.setTimeout(120_000);
    const members = new MembersPage(page);
    await members.goto();
    const email = `${unique("invitee")}@acme.test`;
    const link = await members.invite({ email, firstName: "Ivy", lastName: "Invitee", role: "Writer" });

    const reveal = members.invitePanel.getByTestId("set-password-link");
    await expect(reveal).toContainText("You won’t be able to see it again");
    await expect(reveal).toContainText("It works once and expires in 7 days");
    await reveal.getByRole("button", { name: "Copy" }).click();
    await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await members.closeInvite();
    await members.find(email);
    await expect(members.row(email)).toContainText("Writer");
    await expect(members.row(email)).toContainText("Pending");
    await expect(members.row(email)).toContainText("Invitation pending");
    const token = new URL(link).pathname.split("/").pop()!;
    // Shown once: not in the page once the panel is closed, nor in any API read.
    expect(await page.content()).not.toContain(token);
    expect(page.url()).not.toContain(token);
    expect(await (await request.get(`/api/v2/members?filter=${encodeURIComponent(`email:${email}`)}`, auth(apiTokenOf("admin")))).text()).not.toContain(token);

    // Before accepting, the invitee cannot sign in with anything the inviter was shown.
    const theirs = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const theirPage = await theirs.newPage();
    for (const guess of [link, token]) {
      await signIn(theirPage, email, guess);
      await expect(theirPage.locator("form").getByRole("alert")).toHaveText("Incorrect email or password.");
    }

    // The invitee opens the link, sees who they are joining as, chooses a password: signed in.
    await theirPage.goto(new URL(link).pathname);
    await expect(theirPage.getByRole("heading", { level: 1 })).toHaveText("Join Acme");
    await expect(theirPage.getByText(email)).toBeVisible();
    await theirPage.getByLabel("New password").fill("password123");
    await expect(theirPage.getByText(/Too weak|Weak/).first()).toBeVisible();
    await theirPage.getByLabel("Confirm password").fill("password123");
    await theirPage.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(theirPage.getByText(/too easy to guess/).first()).toBeVisible();
    const password = strongPassword();
    await theirPage.getByLabel("New password").fill(password);
    await theirPage.getByLabel("Confirm password").fill(password);
    await theirPage.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(theirPage).toHaveURL(/\/settings\/authorization$/);
    await expect(theirPage.getByRole("banner")).toContainText(email);

    // The link is spent: a second visit gets the plain answer, and the inviter cannot use it.
    const inviters = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    await expectDeadLink(await inviters.newPage(), link);
    await inviters.close();
    await members.find(email);
    await expect(members.row(email)).not.toContainText("Pending");

    const tokenName = unique("Invitee token");
    const secret = await new TokensPage(theirPage).create(tokenName, { role: "Writer" });
    expect((await request.get("/api/v2/tokens", auth(secret))).status()).toBe(200);

    await members.find(email);
    await expect(members.row(email).getByRole("cell").nth(2)).toHaveText("1");
    await members.menu(email, "Remove member");
    const dialog = page.getByRole("dialog", { name: "Remove member" });
    await expect(dialog).toContainText("Their personal tokens stop working at once (1 token)");
    await expect(dialog).toContainText("Service tokens they created keep working");
    await dialog.getByRole("button", { name: "Remove member" }).click();
    await expect(dialog).toBeHidden();
    await expect(members.row(email)).toHaveCount(0);

    expect((await request.get("/api/v2/tokens", auth(secret))).status()).toBe(401);
    await theirPage.reload();
    await expect(theirPage).toHaveURL(/\/login/);
    await theirs.close();

    const tokens = await TokensPage.open(page);
    await page.getByRole("switch", { name: "Show all members’ tokens" }).check();
    await expect(tokens.row(tokenName)).toContainText("Removed member");
    await expect(tokens.row(tokenName)).toContainText(email);

    await members.goto(`?removed=1&q=${encodeURIComponent(email)}`);
    await expect(members.row(email)).toContainText("Removed");
    // What is left to do is to look at their dead tokens (and delete them there).
    await members.row(email).getByRole("button", { name: /^Actions for / }).click();
    await expect(page.getByRole("menuitem")).toHaveText(["View tokens"]);
    await page.keyboard.press("Escape");
    const memberId = await members.memberIdOf(email);

    const history = new HistoryPage(page);
    await history.goto(`?targetKind=member&targetId=${memberId}`);
    await expect(history.entries("memberRemoved")).toContainText(DEMO.admin.email);
    await expect(history.entries("memberRemoved")).toContainText("removed: no → yes");
    await expect(history.entries("memberInvited")).toContainText("role: writer");
    await expect(history.entries("memberInvited")).toContainText(email);
    await expect(history.entries("invitationAccepted")).toContainText(email);
  });

  test("Resend invitation kills the previous link; Revoke invitation kills the pending one and takes the member off the list", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const members = new MembersPage(page);
    await members.goto();
    const email = `${unique("pending")}@acme.test`;
    const first = await members.invite({ email, role: "Reader" });
    await members.closeInvite();
    await members.find(email);
    const second = await members.issueLink(email, "Resend invitation");
    expect(second).not.toBe(first);
    const visitor = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const visitorPage = await visitor.newPage();
    await expectDeadLink(visitorPage, first);
    // The new link works until the invitation is revoked.
    await visitorPage.goto(new URL(second).pathname);
    await expect(visitorPage.getByLabel("New password")).toBeVisible();

    await members.find(email);
    await members.menu(email, "Revoke invitation");
    const dialog = page.getByRole("dialog", { name: "Revoke invitation" });
    await dialog.getByRole("button", { name: "Revoke invitation" }).click();
    await expect(dialog).toBeHidden();
    await expect(members.row(email)).toHaveCount(0);
    // The page was open with the live link: submitting it now gets the dead-link answer.
    const password = strongPassword();
    await visitorPage.getByLabel("New password").fill(password);
    await visitorPage.getByLabel("Confirm password").fill(password);
    await visitorPage.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(visitorPage.getByTestId("dead-link")).toBeVisible();
    await expectDeadLink(visitorPage, second);
    await signIn(visitorPage, email, password);
    await expect(visitorPage.locator("form").getByRole("alert")).toHaveText("Incorrect email or password.");
    await visitor.close();
  });

  test("an admin's Reset password signs the member out everywhere; they choose a new password through the link", async ({ page, browser, request }) => {
    test.setTimeout(120_000);
    const member = await invitedMember(request, browser, "writer");
    const second = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const secondPage = await second.newPage();
    await signIn(secondPage, member.email, member.password);
    await expect(secondPage).toHaveURL(/\/settings\/authorization$/);

    const members = new MembersPage(page);
    await members.find(member.email);
    await members.menu(member.email, "Reset password");
    const dialog = page.getByRole("dialog", { name: "Reset password" });
    await expect(dialog).toContainText("signed out everywhere");
    await dialog.getByRole("button", { name: "Reset password" }).click();
    const link = await dialog.getByLabel(`Set-password link for ${member.email}`).inputValue();
    await dialog.getByRole("button", { name: "Done" }).click();

    for (const signedIn of [member.page, secondPage]) {
      await signedIn.goto("/settings/authorization");
      await expect(signedIn).toHaveURL(/\/login/);
    }
    await signIn(secondPage, member.email, member.password);
    await expect(secondPage.locator("form").getByRole("alert")).toHaveText("Incorrect email or password.");
    await acceptLink(member.page, link, strongPassword());
    await expect(member.page.getByRole("banner")).toContainText(member.email);
    await member.context.close();
    await second.close();
  });

  test("offers no Reset password on an owner to an admin", async ({ page }) => {
    const members = new MembersPage(page);
    await members.find(DEMO.owner.email);
    await members.row(DEMO.owner.email).getByRole("button", { name: /^Actions for / }).click();
    // Whoever holds a reset link chooses the member's next password: never for someone above you.
    await expect(page.getByRole("menuitem")).toHaveText(["View tokens"]);
    await page.keyboard.press("Escape");
  });

  test("is not offered Owner, and the domain refuses Owner when the action is called anyway", async ({ page }) => {
    const members = new MembersPage(page);
    await members.goto();
    await page.getByRole("button", { name: "Invite member" }).click();
    await expect(members.invitePanel.getByLabel("Role").locator("option")).toHaveText(["No access", "Reader", "Writer", "Admin"]);
    await members.invitePanel.getByRole("button", { name: "Cancel" }).click();

    const email = `${unique("no-owner")}@acme.test`;
    await members.invite({ email, role: "Reader" });
    await members.closeInvite();
    await members.find(email);

    await members.openChangeRole(email);
    const dialog = members.changeRoleDialog;
    await expect(dialog.getByLabel("Role", { exact: true }).locator("option")).toHaveText(["No access", "Reader", "Writer", "Admin"]);
    await dialog.getByLabel("Role", { exact: true }).selectOption({ label: "Writer" });
    const action = await captureAction(page, () => dialog.getByRole("button", { name: "Save roles" }).click());
    await expect(dialog).toBeHidden();
    await expect(members.row(email)).toContainText("Writer");

    const forged = await replayAction(page.request, action, [{ ...(action.args[0] as object), role: "owner" }]);
    expect(await forged.text()).toContain("Only owners can grant the owner role");
    await members.find(email);
    await expect(members.row(email)).toContainText("Writer");
    await expect(members.row(email)).not.toContainText("Owner");
  });

  test("searches by name or email and pages past 25 members", async ({ page }) => {
    const members = new MembersPage(page);
    await members.goto();
    const prefix = unique("pager");
    await page.getByRole("button", { name: "Invite member" }).click();
    await members.invitePanel.getByLabel("Email").fill(`${prefix}-00@acme.test`);
    const action = await captureAction(page, () => members.invitePanel.getByRole("button", { name: "Invite member" }).click());
    await expect(members.invitePanel.getByTestId("set-password-link")).toBeVisible();
    await members.closeInvite();
    for (let i = 1; i <= 25; i++) {
      const email = `${prefix}-${String(i).padStart(2, "0")}@acme.test`;
      const response = await replayAction(page.request, action, [{ ...(action.args[0] as object), email }]);
      expect(response.ok()).toBe(true);
    }
    await page.getByLabel("Search members by name or email").fill(prefix);
    await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
    await expect(page.getByTestId("member-row")).toHaveCount(25);
    const pagination = page.getByRole("navigation", { name: "Pagination" });
    await expect(pagination).toContainText("1–25 of 26");
    await pagination.getByRole("button", { name: "Next" }).click();
    await expect(page.getByTestId("member-row")).toHaveCount(1);
    await expect(members.row(`${prefix}-25@acme.test`)).toBeVisible();

    await page.getByLabel("Search members by name or email").fill("Wendy Wri");
    await expect(page.getByTestId("member-row")).toHaveCount(1);
    await expect(members.row(DEMO.writer.email)).toBeVisible();
    await page.getByLabel("Search members by name or email").fill("nobody-by-this-name");
    await expect(page.getByText("No members match this search")).toBeVisible();
  });

  test("“View tokens” opens the Authorization page filtered to the member", async ({ page }) => {
    const members = new MembersPage(page);
    await members.find(DEMO.reader.email);
    const readerId = await members.memberIdOf(DEMO.reader.email);
    await members.menu(DEMO.reader.email, "View tokens");
    await expect(page).toHaveURL(new RegExp(`/settings/authorization\\?showAll=1&member=${readerId}$`));
  });

  test("the page, the change-role dialog and the invite panel have no serious accessibility violations", async ({ page }) => {
    const members = new MembersPage(page);
    await members.goto();
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await members.find(DEMO.reader.email);
    await members.openChangeRole(DEMO.reader.email);
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(members.changeRoleDialog).toBeHidden();
    await page.getByRole("button", { name: "Invite member" }).click();
    await expect(members.invitePanel).toBeVisible();
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
  });
});

test.describe("the last owner", () => {
  test.use({ storageState: storageStateOf("owner") });

  test("cannot demote themselves: the domain's reason is shown and nothing changes", async ({ page }) => {
    const members = new MembersPage(page);
    await members.find(DEMO.owner.email);
    await members.openChangeRole(DEMO.owner.email);
    const dialog = members.changeRoleDialog;
    await expect(dialog.getByLabel("Role", { exact: true }).locator("option")).toHaveText(["No access", "Reader", "Writer", "Admin", "Owner"]);
    await dialog.getByLabel("Role", { exact: true }).selectOption({ label: "Admin" });
    await expect(dialog).toContainText("This is your own role");
    await dialog.getByRole("button", { name: "Save roles" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("An account needs at least one owner");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await members.find(DEMO.owner.email);
    await expect(members.row(DEMO.owner.email)).toContainText("Owner");
  });
});

test.describe("members without admin rights", () => {
  test.use({ storageState: storageStateOf("reader") });

  test("see the list, but no invitation and no way to change or remove others", async ({ page }) => {
    const members = new MembersPage(page);
    await members.goto();
    await expect(page.getByRole("button", { name: "Invite member" })).toHaveCount(0);
    await members.find(DEMO.owner.email);
    await expect(members.row(DEMO.owner.email)).toContainText("Owner");
    await expect(members.row(DEMO.owner.email).getByRole("button", { name: /^Actions for / })).toHaveCount(0);
    await members.find(DEMO.reader.email);
    // Their own row only leads to their tokens.
    await members.row(DEMO.reader.email).getByRole("button", { name: /^Actions for / }).click();
    await expect(page.getByRole("menuitem")).toHaveText(["View tokens"]);
  });
});
