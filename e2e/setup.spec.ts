import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { parseLog } from "./logs";
import { startServer, type ExtraServer } from "./servers";
import { E2E_AUTH_SECRET, E2E_DATABASE_URL, EXTRA_PORT } from "./support";

// First-run setup, on an instance of its own with demo mode off and an empty database (the suite's
// own server runs the seeded demo, where setup never appears): a fresh embedded database, or a
// PostgreSQL database this spec creates and drops.

const WRONG_CODE = "That setup code is not right. Copy it from the server's log, where Tollgate printed it when it started.";
const OWNER = { account: "Initech", name: "Ada Lovelace", email: "ada@initech.test", password: "violet-harbour-cactus-meridian" };
const serious = (r: Awaited<ReturnType<AxeBuilder["analyze"]>>) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");

/** An empty PostgreSQL database on the e2e server, and how to drop it. */
async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(E2E_DATABASE_URL!);
  const name = `tollgate_e2e_setup_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

async function fillSetup(page: Page, code: string, password = OWNER.password) {
  await page.getByLabel("Account name").fill(OWNER.account);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Setup code").fill(code);
}

test.describe("first-run setup", () => {
  test.describe.configure({ mode: "serial" });
  let server: ExtraServer;
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | null = null;
  /** What the instance logged, one message a line (its log is JSON lines). */
  const messages = () => {
    const { entries, notJson } = parseLog(server.output());
    return [...entries.map((entry) => entry.msg), ...notJson];
  };
  const code = () => {
    const found = /^Setup code: (\S+) — enter it at (\S+)\/setup /m.exec(messages().join("\n"));
    if (!found) throw new Error(`no setup code in the log:\n${server.output()}`);
    return found[1]!;
  };

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    database = E2E_DATABASE_URL ? await freshPostgresDatabase() : null;
    server = await startServer(EXTRA_PORT.setupInstance, {
      TOLLGATE_DEMO: "false",
      NEXTAUTH_URL: `http://localhost:${EXTRA_PORT.setupInstance}`,
      ...(database ? { DATABASE_URL: database.url, AUTH_SECRET: E2E_AUTH_SECRET } : {}),
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  test("a fresh instance prints its setup code once, with where to enter it", () => {
    const lines = messages().filter((line) => line.includes("Setup code"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Setup code: [0-9A-Z]{4}(-[0-9A-Z]{4}){3} — enter it at http://localhost:${EXTRA_PORT.setupInstance}/setup to create the first account`));
  });

  test("every page leads to Set up Tollgate while no account exists; the REST API answers as ever", async ({ page, request }) => {
    for (const path of ["/", "/login", "/settings/authorization", "/settings/members"]) {
      await page.goto(`${server.url}${path}`);
      await expect(page, path).toHaveURL(`${server.url}/setup`);
    }
    await expect(page.getByRole("heading", { name: "Set up Tollgate" })).toBeVisible();
    await expect(page.getByTestId("demo-banner")).toHaveCount(0);
    expect((await request.get(`${server.url}/api/v2`)).status()).toBe(200);
    expect((await request.get(`${server.url}/api/v2/tokens`)).status()).toBe(401);
  });

  test("the setup page reads well on a desktop and a phone, with no serious accessibility violation", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/setup`);
    await page.getByLabel("Password").fill("password123");
    await expect(page.getByText("Strength: Too weak. This password is too easy to guess")).toBeVisible();
    await page.getByLabel("Password").fill(OWNER.password);
    await expect(page.getByText(/Strength: (Strong|Very strong)\. Good to use\./)).toBeVisible();
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await page.screenshot({ path: "/tmp/tollgate-setup-desktop.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: "/tmp/tollgate-setup-phone.png", fullPage: true });
  });

  test("a wrong setup code is refused beside the Setup code field, and a weak password before it is sent", async ({ page }) => {
    await page.goto(`${server.url}/setup`);
    await fillSetup(page, "AAAA-BBBB-CCCC-DDDD");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText(WRONG_CODE);
    await expect(page.getByLabel("Setup code")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Not a setup code Tollgate printed")).toBeVisible();
    await expect(page).toHaveURL(`${server.url}/setup`);

    await page.getByLabel("Password").fill("qwertyuiop123");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Choose a stronger password");
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    expect(server.output()).not.toContain("qwertyuiop123");
  });

  test("the right code creates the owner, who is signed in on the Authorization page; /setup is gone afterwards", async ({ page, browser }) => {
    await page.goto(`${server.url}/setup`);
    await fillSetup(page, code().toLowerCase());
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(`${server.url}/settings/authorization`);
    await expect(page.getByRole("heading", { level: 1, name: "Authorization" })).toBeVisible();
    await expect(page.getByTestId("account-name")).toHaveText(OWNER.account);
    await expect(page.getByRole("banner")).toContainText(OWNER.name);
    await expect(page.getByRole("banner")).toContainText(OWNER.email);
    await expect(page.getByRole("banner")).toContainText(/owner/i);

    // Signed in, /setup leads to the console; signed out, to the sign-in page.
    await page.goto(`${server.url}/setup`);
    await expect(page).toHaveURL(`${server.url}/settings/authorization`);
    const stranger = await browser.newContext();
    const theirs = await stranger.newPage();
    for (const path of ["/setup", "/"]) {
      await theirs.goto(`${server.url}${path}`);
      await expect(theirs, path).toHaveURL(`${server.url}/login`);
    }
    await stranger.close();
    expect(server.output()).not.toContain(OWNER.password);
  });

  test("once an account exists, /setup answers with a redirect to the sign-in page and renders no form", async ({ request }) => {
    const answer = await request.get(`${server.url}/setup`, { maxRedirects: 0 });
    expect(answer.status()).toBe(307);
    expect(answer.headers().location).toBe("/login");
  });
});
