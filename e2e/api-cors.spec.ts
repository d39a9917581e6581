import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import { apiTokenOf, E2E_PORT, EXTRA_PORT, storageStateOf, UNAUTHORIZED_BODY } from "./support";

// SECURITY.md, "Cross-origin API calls": a page on another origin may call the API with a token
// in a header, and gets nothing with the signed-in member's cookies.
const API = `http://localhost:${E2E_PORT}/api/v2`;
let site: Server;

test.beforeAll(async () => {
  site = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>another site</title>"));
  await new Promise<void>((resolve) => site.listen(EXTRA_PORT.crossOriginPage, "127.0.0.1", resolve));
});
test.afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())));

test.use({ storageState: storageStateOf("owner") });

test("a page on another origin calls the API with a token header, and gets a 401 with the member's cookies alone", async ({ page, context }) => {
  expect((await context.cookies(`http://localhost:${E2E_PORT}`)).length).toBeGreaterThan(0); // signed in to the console
  await page.goto(`http://127.0.0.1:${EXTRA_PORT.crossOriginPage}/`);
  const token = apiTokenOf("writer");

  const withToken = await page.evaluate(async ([url, token]) => {
    const response = await fetch(`${url}/members/me`, { headers: { Authorization: token!, "LD-API-Version": "20240415" } });
    return { status: response.status, email: ((await response.json()) as { email: string }).email, remaining: response.headers.get("X-Ratelimit-Route-Remaining") };
  }, [API, token] as const);
  expect(withToken.status).toBe(200);
  expect(withToken.email).toContain("writer");
  expect(withToken.remaining).toMatch(/^\d+$/); // exposed to the page

  const withoutToken = await page.evaluate(async (url) => {
    const response = await fetch(`${url}/members/me`);
    return { status: response.status, body: await response.text() };
  }, API);
  expect(withoutToken.status).toBe(401);
  expect(JSON.parse(withoutToken.body)).toMatchObject(JSON.parse(UNAUTHORIZED_BODY));

  // Asking the browser to send the cookies along: it refuses to show the page the answer at all
  // (no Access-Control-Allow-Credentials), and the API would not have taken them anyway.
  const withCookies = await page.evaluate(async (url) => {
    try {
      const response = await fetch(`${url}/members/me`, { credentials: "include" });
      return `answered ${response.status}`;
    } catch (error) {
      return `refused: ${(error as Error).name}`;
    }
  }, API);
  expect(withCookies).toBe("refused: TypeError");
});
