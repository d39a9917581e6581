import { expect, test } from "@playwright/test";
import type { CapturedAction } from "./actions";
import { CLIENT, requestFrom } from "./net";
import { startServer, type ExtraServer } from "./servers";
import { apiTokenOf, cookieHeaderOf, E2E_PORT, EXTRA_PORT, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

// Property 7 (SECURITY.md): a page on another site that rebinds its own name to this server's
// address (DNS rebinding) is same-origin with itself, so Origin checks pass — but its requests
// carry its own name in Host. Pages, auth routes and server actions answer only to ours.
const EVIL = `evil.example:${E2E_PORT}`;
const OURS = `localhost:${E2E_PORT}`;

const get = (port: number, host: string, path: string, headers: Record<string, string> = {}) =>
  requestFrom(CLIENT.hosts, port, { path, headers: { Host: host, ...headers } });

function replayAs(host: string, action: CapturedAction, name: string) {
  return requestFrom(CLIENT.hosts, E2E_PORT, {
    method: "POST",
    path: new URL(action.url).pathname,
    headers: { ...action.headers, Host: host, Origin: `http://${host}`, Cookie: cookieHeaderOf("writer") },
    body: JSON.stringify([{ ...(action.args[0] as object), name }]),
  });
}

test.describe("allowed hosts", () => {
  test("pages, auth routes and server actions refuse another host name with 421; the public one is served", async ({ browser }) => {
    const owner = cookieHeaderOf("owner");
    for (const path of ["/login", "/settings/authorization", "/api/auth/csrf", "/api/auth/session", "/_next/static/nothing.js"]) {
      const refused = await get(E2E_PORT, EVIL, path, { Cookie: owner });
      expect(refused.status, path).toBe(421);
      expect(refused.headers["content-type"], path).toMatch(/^text\/plain/);
      expect(refused.body, path).toBe("Misdirected request: this server does not answer to that host name.");
      expect(refused.headers["cache-control"], path).toBe("no-store");
    }
    for (const host of [OURS, `127.0.0.1:${E2E_PORT}`, `[::1]:${E2E_PORT}`, "LocalHost", `localhost.:${E2E_PORT}`]) {
      // Signed out for the sign-in page (a signed-in member is sent on from there), signed in for the rest.
      expect((await get(E2E_PORT, host, "/login")).status, `${host}/login`).toBe(200);
      for (const path of ["/settings/authorization", "/api/auth/csrf"]) {
        expect((await get(E2E_PORT, host, path, { Cookie: owner })).status, `${host}${path}`).toBe(200);
      }
    }
    for (const host of [`localhost.evil.example:${E2E_PORT}`, `127.0.0.1.nip.io:${E2E_PORT}`, "evil.example@localhost"]) {
      expect((await get(E2E_PORT, host, "/login")).status, host).toBe(421);
    }

    // A server action, sent the way a rebinding page would: its Origin matches its Host.
    const context = await browser.newContext({ storageState: storageStateOf("writer") });
    const tokens = await TokensPage.open(await context.newPage());
    const action = await tokens.captureCreate(`Host check ${Date.now()}`);
    const refused = await replayAs(EVIL, action, "Created through a rebound name");
    expect(refused.status).toBe(421);
    expect(refused.body).not.toMatch(/api-[0-9A-Za-z]{36}/);
    expect((await replayAs(OURS, action, "Created through our own name")).status).toBe(200);
    await tokens.goto();
    await expect(tokens.row("Created through our own name")).toHaveCount(1);
    await expect(tokens.row("Created through a rebound name")).toHaveCount(0);
    await context.close();
  });

  test("the REST API answers whatever the host name: it takes no cookie, so a rebound name gains nothing", async () => {
    const reader = { Authorization: apiTokenOf("reader") };
    expect((await get(E2E_PORT, EVIL, "/api/v2/tokens", reader)).status).toBe(200);
    expect((await get(E2E_PORT, EVIL, "/api/v2/tokens", { Cookie: cookieHeaderOf("owner") })).status).toBe(401);
  });

  test.describe("with NEXTAUTH_URL and TOLLGATE_ALLOWED_HOSTS set", () => {
    let server: ExtraServer;
    const port = EXTRA_PORT.allowedHostsInstance;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      server = await startServer(port, { NEXTAUTH_URL: "https://console.example.test", TOLLGATE_ALLOWED_HOSTS: "tollgate.internal, Admin.Example.Test" });
    });
    test.afterAll(async () => server?.stop());

    test("answers the public URL's host, each listed name and loopback, and refuses the rest", async () => {
      for (const host of ["console.example.test", "tollgate.internal:8080", "admin.example.test", `localhost:${port}`]) {
        expect((await get(port, host, "/login")).status, host).toBe(200);
      }
      for (const host of [`evil.example:${port}`, "example.test", "internal"]) {
        expect((await get(port, host, "/login")).status, host).toBe(421);
      }
    });
  });
});
