import { expect, test, type APIResponse } from "@playwright/test";
import { FAILED_AUTH_LIMIT } from "../lib/api";
import { captureAction } from "./actions";
import { CLIENT, requestFrom, signInFrom, type RawResponse } from "./net";
import { startServer, type ExtraServer } from "./servers";
import { readFileSync } from "node:fs";
import { apiTokenOf, DEMO, DEMO_PASSWORD, E2E_PORT, EXTRA_PORT, SERVER_LOG, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

// Property 8 (SECURITY.md): browsers are told to refuse framing, sniffing, referrer leaks and
// eval; nothing that can carry a secret is cached; cookies stay out of scripts and other sites;
// server actions only run for our own pages; and behind HTTPS, HTTPS only.
const SETTINGS_PAGES = ["/settings/authorization", "/settings/members", "/settings/roles", "/settings/history", "/settings/profile"];
const auth = (token: string) => ({ headers: { Authorization: token } });

type Headers = Record<string, string | string[] | undefined>;
const isRaw = (r: APIResponse | RawResponse): r is RawResponse => typeof (r as RawResponse).status === "number";
const headersOf = (r: APIResponse | RawResponse): Headers => (isRaw(r) ? r.headers : r.headers());

function expectSecurityHeaders(headers: Headers, what: string) {
  const csp = String(headers["content-security-policy"] ?? "");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("no-referrer");
}

const expectNoStore = (headers: Headers, what: string) => expect(String(headers["cache-control"]), what).toMatch(/\bno-store\b/);

test.describe("web hardening", () => {
  test("every page and API response carries the security headers, and nothing that can hold a secret is cached", async ({ browser, request }) => {
    const owner = await browser.newContext({ storageState: storageStateOf("owner") });
    const responses: [string, APIResponse | RawResponse][] = [];
    for (const path of [...SETTINGS_PAGES, "/settings", "/"]) {
      responses.push([path, await owner.request.get(path)]);
      // The RSC payload a client-side navigation fetches is a page too.
      responses.push([`${path} (RSC)`, await owner.request.get(path, { headers: { RSC: "1" } })]);
    }
    await owner.close();
    responses.push(["/login", await request.get("/login")], ["a missing page", await request.get("/no-such-page")]);
    for (const path of ["/api/auth/csrf", "/api/auth/session", "/api/auth/providers"]) responses.push([path, await request.get(path)]);
    const reader = apiTokenOf("reader");
    responses.push(
      ["/api/v2", await request.get("/api/v2")],
      ["/api/v2/tokens", await request.get("/api/v2/tokens", auth(reader))],
      ["an API 404", await request.get("/api/v2/tokens/nope", auth(reader))],
      ["an API 400", await request.get("/api/v2/tokens?limit=x", auth(reader))],
      ["an API 401", await requestFrom(CLIENT.hardening, E2E_PORT, { path: "/api/v2/tokens" })],
      ["a created token", await request.post("/api/v2/tokens", { ...auth(reader), data: { name: `hardening ${Date.now()}` } })],
    );
    for (const [what, response] of responses) {
      const headers = headersOf(response);
      expectSecurityHeaders(headers, what);
      expectNoStore(headers, what);
      // Plain HTTP here (NEXTAUTH_URL is http): HSTS would be meaningless, and browsers ignore it.
      expect(headers["strict-transport-security"], what).toBeUndefined();
    }
  });

  test("sign-in cookies are HttpOnly and SameSite=Lax, and the answers that set them are not cached", async () => {
    const signedIn = await signInFrom(CLIENT.hardening, E2E_PORT, DEMO.reader.email, DEMO_PASSWORD);
    expect(signedIn.error).toBeNull();
    const cookies = [...signedIn.setCookies, ...(signedIn.csrfResponse.headers["set-cookie"] ?? [])];
    expect(cookies.some((c) => c.startsWith("next-auth.session-token="))).toBe(true);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    }
    expectNoStore(signedIn.csrfResponse.headers, "/api/auth/csrf");
  });

  test("next-auth's client log endpoint is closed: nobody can write lines into the server's log", async () => {
    const marker = `forged-log-line-${Date.now()}`;
    const body = new URLSearchParams({ level: "error", code: marker, message: marker }).toString();
    const posted = await requestFrom(CLIENT.hardening, E2E_PORT, {
      method: "POST",
      path: "/api/auth/_log",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: `http://localhost:${E2E_PORT}` },
      body,
    });
    // The server's output reaches SERVER_LOG through a pipe: give it a moment before looking.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const forged = readFileSync(SERVER_LOG, "utf8").split("\n").filter((line) => line.includes(marker));
    expect(forged, "lines of the server's log with the marker").toEqual([]);
    expect(posted.status).toBe(404);
    expectNoStore(posted.headers, "/api/auth/_log");
    expect((await requestFrom(CLIENT.hardening, E2E_PORT, { path: "/api/auth/_log" })).status).toBe(404);
  });

  test.describe("server actions", () => {
    test.use({ storageState: storageStateOf("writer") });

    test("refuse calls from another origin, from a null origin and without an origin; answer our own pages uncached", async ({ page }) => {
      const tokens = await TokensPage.open(page);
      await tokens.openCreatePanel();
      await tokens.panel.getByLabel("Name").fill(`Origin check ${Date.now()}`);
      const responded = page.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
      const action = await captureAction(page, () => tokens.panel.getByRole("button", { name: "Save token" }).click());
      expectNoStore((await responded).headers(), "a server action's response");

      const names: Record<string, string | undefined> = {
        "another site": "https://evil.example",
        "a look-alike host": `http://localhost.evil.example:${E2E_PORT}`,
        "another port": `http://localhost:${E2E_PORT + 9}`,
        "a sandboxed frame (null)": "null",
        "no origin at all": undefined,
      };
      const replay = (origin: string | undefined, name: string) => {
        const headers: Record<string, string> = { ...action.headers };
        delete headers.origin;
        return page.request.post(action.url, {
          headers: origin === undefined ? headers : { ...headers, origin },
          data: JSON.stringify([{ ...(action.args[0] as object), name }]),
          maxRedirects: 0,
        });
      };
      for (const [label, origin] of Object.entries(names)) {
        const response = await replay(origin, `Forged from ${label}`);
        expect(response.status(), label).toBe(403);
        expect(await response.text()).not.toMatch(/api-[0-9A-Za-z]{36}/);
      }
      // The same call from our own origin works: the refusals were about the origin alone.
      expect((await replay(action.headers.origin, "Replayed from our origin")).status()).toBe(200);

      await tokens.goto();
      await expect(tokens.row("Replayed from our origin")).toHaveCount(1);
      for (const label of Object.keys(names)) await expect(tokens.row(`Forged from ${label}`)).toHaveCount(0);
    });
  });

  test.describe("behind a TLS-terminating proxy (NEXTAUTH_URL https, TOLLGATE_TRUST_PROXY=1)", () => {
    let server: ExtraServer;
    const port = EXTRA_PORT.httpsInstance;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      // On its own embedded database (startServer's default): nothing here depends on the database.
      server = await startServer(port, { NEXTAUTH_URL: `https://localhost:${port}`, TOLLGATE_TRUST_PROXY: "1" });
    });
    test.afterAll(async () => server?.stop());

    const from = (path: string, headers: Record<string, string> = {}) => requestFrom("127.0.0.1", port, { path, headers });

    test("sends HSTS on pages and API responses, and marks cookies Secure", async () => {
      for (const path of ["/login", "/api/v2", "/api/v2/tokens", "/api/auth/csrf"]) {
        expect((await from(path)).headers["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
      }
      const signedIn = await signInFrom("127.0.0.1", port, DEMO.reader.email, DEMO_PASSWORD);
      expect(signedIn.error).toBeNull();
      const session = signedIn.setCookies.find((c) => c.startsWith("__Secure-next-auth.session-token="));
      expect(session).toMatch(/;\s*Secure/i);
      expect(session).toMatch(/;\s*HttpOnly/i);
      expect(session).toMatch(/;\s*SameSite=Lax/i);
    });

    test("counts failed authentication per client address the proxy reports, not per proxy", async () => {
      const attempt = (client: string) => from("/api/v2/tokens", { Authorization: "api-wrong", "X-Forwarded-For": `6.6.6.6, ${client}` });
      for (let i = 0; i < FAILED_AUTH_LIMIT; i++) expect((await attempt("198.51.100.20")).status).toBe(401);
      expect((await attempt("198.51.100.20")).status).toBe(429);
      // Same proxy, another client behind it (and the same forged left-most entry): not blocked.
      expect((await attempt("198.51.100.21")).status).toBe(401);
    });
  });
});
