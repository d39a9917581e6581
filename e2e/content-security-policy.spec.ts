import { expect, test, type BrowserContext } from "@playwright/test";
import { CLIENT, requestFrom } from "./net";
import { unique } from "./settings-pages";
import { cookieHeaderOf, DEMO, E2E_PORT, expectSignedInAs, signIn, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

// Property 8 (SECURITY.md): scripts run only if the server vouched for them in this very
// response. An injected <script> (or event handler) has no nonce, and a nonce seen in one
// response is worth nothing in the next.
const PAGES = ["/login", "/settings/authorization", "/settings/members", "/settings/roles", "/settings/history", "/settings/profile", "/no-such-page"];

/** The script-src directive of a CSP and the nonce it names. */
function scriptPolicy(csp: string) {
  const directive = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";
  return { directive, nonce: /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(directive)?.[1] };
}

const page = (path: string) => requestFrom(CLIENT.csp, E2E_PORT, { path, headers: { Cookie: cookieHeaderOf("owner") } });

/** Reports every CSP violation and console error of every page in `context`, navigations included. */
async function watchForViolations(context: BrowserContext, seen: string[]) {
  await context.exposeFunction("__reportCspViolation", (what: string) => seen.push(what));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation(what: string): void }).__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
}

test.describe("content security policy", () => {
  test("every page's scripts carry a nonce that is fresh in each response, and script-src allows nothing inline or eval'd", async () => {
    for (const path of PAGES) {
      const [first, second] = [await page(path), await page(path)];
      const nonces = [first, second].map((response) => {
        const csp = String(response.headers["content-security-policy"] ?? "");
        const { directive, nonce } = scriptPolicy(csp);
        expect(directive, path).not.toContain("'unsafe-inline'");
        expect(directive, path).not.toContain("'unsafe-eval'");
        expect(nonce, `${path}: ${directive}`).toMatch(/^[A-Za-z0-9+/]{22,}={0,2}$/);
        const scripts = response.body.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length, path).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, path).toContain(` nonce="${nonce}"`);
        return nonce;
      });
      expect(nonces[0], path).not.toBe(nonces[1]);
      // The RSC payload of a client-side navigation is answered under a fresh policy too.
      const rsc = await requestFrom(CLIENT.csp, E2E_PORT, { path, headers: { Cookie: cookieHeaderOf("owner"), RSC: "1" } });
      expect(scriptPolicy(String(rsc.headers["content-security-policy"])).nonce, `${path} (RSC)`).toBeDefined();
    }
  });

  test("a client-sent Content-Security-Policy request header cannot choose the nonce", async () => {
    const chosen = "'nonce-chosenbytheclient0000000'";
    const response = await requestFrom(CLIENT.csp, E2E_PORT, { path: "/login", headers: { "Content-Security-Policy": `script-src ${chosen}` } });
    expect(String(response.headers["content-security-policy"])).not.toContain(chosen);
    expect(response.body.match(/nonce="[^"]*"/g)?.filter((n) => n.includes("chosenbytheclient")).length ?? 0, "scripts rendered with the client's nonce").toBe(0);
  });

  test("an injected inline event handler does not run, and the browser reports it", async ({ browser }) => {
    const violations: string[] = [];
    const context = await browser.newContext();
    await watchForViolations(context, violations);
    const tab = await context.newPage();
    await tab.goto("/login");
    // What an HTML injection would leave in the page: markup with an inline handler.
    await tab.evaluate(() => {
      const button = document.createElement("button");
      button.id = "injected";
      button.textContent = "injected";
      button.setAttribute("onclick", "document.title = 'injected script ran'");
      document.body.append(button);
    });
    await tab.click("#injected");
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await tab.title()).toBe("Sign in · Tollgate");
    await context.close();
  });

  test("the browser reports no violation while a member signs in and uses the console", async ({ browser }) => {
    const violations: string[] = [];
    const context = await browser.newContext();
    await watchForViolations(context, violations);
    const tab = await context.newPage();
    await signIn(tab, DEMO.reader.email);
    await expectSignedInAs(tab, "reader");
    await context.close();

    const owner = await browser.newContext({ storageState: storageStateOf("owner") });
    await watchForViolations(owner, violations);
    const tokens = new TokensPage(await owner.newPage());
    await tokens.goto();
    // Works only if the page's scripts ran: the panel is React state.
    await tokens.create(unique("csp-check"));
    for (const [link, path] of [["Members", "/settings/members"], ["Roles", "/settings/roles"], ["Change history", "/settings/history"], ["Profile", "/settings/profile"], ["Authorization", "/settings/authorization"]] as const) {
      await tokens.page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: link }).click();
      await expect(tokens.page).toHaveURL(new RegExp(`${path}$`));
      await expect(tokens.page.getByRole("heading", { level: 1 })).toBeVisible();
    }
    await tokens.page.goto("/no-such-page");
    await owner.close();
    expect(violations).toEqual([]);
  });
});
