import { expect, test, type APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import { containsTokenSecret } from "../lib/secrets";
import { readWholeAuditLog } from "./auditlog";
import { findInDatabase } from "./database";
import { parseLog, requestLines, serverLog } from "./logs";
import { CLIENT, requestFrom } from "./net";
import { apiTokenOf, E2E_DB, E2E_PORT, SERVER_LOG, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

// Property 2 (SECURITY.md): a secret is shown once, in the response that made it, and is
// afterwards nowhere — not in logs, history, pages, RSC payloads, other API responses, browser
// storage or the database. Secrets are made through both doors and every way there is.
const auth = (token: string) => ({ headers: { Authorization: token } });
const tag = Math.random().toString(36).slice(2, 8);

test.use({ storageState: storageStateOf("owner") });

test("a secret appears nowhere but in the one response that revealed it", async ({ page, request }) => {
  test.setTimeout(90_000);
  const secrets: string[] = [];

  // The console door: create, clone, reset with a grace period (both secrets live), reset again.
  const tokens = await TokensPage.open(page);
  const uiName = `leak check ui ${tag}`;
  secrets.push(await tokens.create(uiName, { description: "made in the browser" }));
  secrets.push(await tokens.clone(uiName));
  secrets.push(await tokens.reset(uiName, "In 1 hour"));
  secrets.push(await tokens.reset(uiName, "Immediately"));

  // The API door: the same operations.
  const writer = apiTokenOf("writer");
  const api = async (call: Promise<Awaited<ReturnType<APIRequestContext["post"]>>>) => {
    const response = await call;
    expect(response.status(), await response.text()).toBeLessThan(300);
    const body = (await response.json()) as { _id: string; token: string };
    expect(body.token).toMatch(/^api-[0-9A-Za-z]{36}$/);
    secrets.push(body.token);
    return body;
  };
  const made = await api(request.post("/api/v2/tokens", { ...auth(writer), data: { name: `leak check api ${tag}` } }));
  await api(request.post(`/api/v2/tokens/${made._id}/clone`, { ...auth(writer), data: {} }));
  await api(request.post(`/api/v2/tokens/${made._id}/reset?expiry=${Date.now() + 3_600_000}`, auth(writer)));
  await api(request.post(`/api/v2/tokens/${made._id}/reset`, auth(writer)));
  expect(new Set(secrets).size).toBe(8);

  // Use them all — four are dead by now — so that request handling, lastUsed and any logging
  // have had their chance to misbehave (from an address of its own: refusals count, see net.ts).
  for (const secret of secrets) await requestFrom(CLIENT.leakCheck, E2E_PORT, { path: "/api/v2/members/me", headers: { Authorization: secret } });

  const places: [string, string][] = [];
  const look = async (where: string, text: Promise<string> | string) => places.push([where, await text]);

  // Every settings page, as HTML and as the RSC payload of a client-side navigation, for the
  // owner (who sees everyone's tokens and all history) — with the browser's own cookies.
  for (const path of ["/settings/authorization", "/settings/authorization?showAll=1", "/settings/history", "/settings/members", "/settings/roles", "/settings/profile"]) {
    await look(`${path} HTML`, (await page.request.get(path)).text());
    await look(`${path} RSC`, (await page.request.get(path, { headers: { RSC: "1" } })).text());
  }
  await tokens.goto("?showAll=1");
  await look("the reloaded page's DOM", page.content());
  await look("browser storage and cookies", JSON.stringify(await page.context().storageState()));

  // Every API read that could show a token, as the owner: lists, each token, history, members.
  const owner = apiTokenOf("owner");
  await look("GET /api/v2/tokens?showAll", (await request.get("/api/v2/tokens?showAll=true&limit=1000", auth(owner))).text());
  const listed = (await (await request.get("/api/v2/tokens?showAll=true&limit=1000", auth(owner))).json()) as { items: { _id: string; name: string }[] };
  const ours = listed.items.filter((t) => t.name.includes(tag));
  expect(ours).toHaveLength(4);
  for (const { _id } of ours) await look(`GET /api/v2/tokens/${_id}`, (await request.get(`/api/v2/tokens/${_id}`, auth(owner))).text());
  const history = (await readWholeAuditLog(request, owner)).text;
  expect(history).toContain(`leak check ui ${tag}`); // the history of what we did is there…
  await look("GET /api/v2/auditlog", history);
  await look("GET /api/v2/members", (await request.get("/api/v2/members?limit=100", auth(owner))).text());

  // Everything the server printed (playwright.config.ts captures it).
  const log = readFileSync(SERVER_LOG, "utf8");
  expect(log).toContain("Tollgate is serving on");
  await look("the server's stdout and stderr", log);

  for (const [where, text] of places) {
    for (const secret of secrets) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
    // Nor any other secret, checksum and all (one of a token made elsewhere, say).
    expect(containsTokenSecret(text), `${where} holds some secret`).toBe(false);
  }

  // The database: where it is not, and, so that the search is known to look, where a name is.
  await expect.poll(async () => (await findInDatabase([uiName])).has(uiName), { message: `the ${E2E_DB} search finds what is there` }).toBe(true);
  expect(Object.fromEntries(await findInDatabase(secrets))).toEqual({});

  // Deleted through both doors too, and then the JSON log line by line: every line an object,
  // none holding any secret — and a request line for each kind of call above, so the search is
  // known to look at the real log.
  const apiClone = ours.find((t) => t.name === `leak check api ${tag} (copy)`)!;
  expect((await request.delete(`/api/v2/tokens/${apiClone._id}`, auth(writer))).status()).toBe(204);
  await tokens.delete(`${uiName} (copy)`);
  const ownerId = ((await (await request.get("/api/v2/members/me", auth(owner))).json()) as { _id: string })._id;
  const seen = (door: string, method: string, route: string, status: number, memberId?: string) => () =>
    requestLines(parseLog(serverLog()).entries).some((l) => l.door === door && l.method === method && l.route === route && l.status === status && (!memberId || l.memberId === memberId));
  const calls: [string, string, string, number, string?][] = [
    ["api", "POST", "/api/v2/tokens", 201],
    ["api", "POST", "/api/v2/tokens/:id/clone", 201],
    ["api", "POST", "/api/v2/tokens/:id/reset", 200],
    ["api", "DELETE", "/api/v2/tokens/:id", 204],
    ["api", "GET", "/api/v2/members/me", 200],
    ["api", "GET", "/api/v2/members/me", 401],
    // The console's create, clone, reset and delete are server actions: POSTs to the page.
    ["console", "POST", "/settings/authorization", 200, ownerId],
  ];
  for (const call of calls) await expect.poll(seen(...call), { message: `a request line for ${call.join(" ")}` }).toBe(true);
  const lines = serverLog().split("\n").filter(Boolean);
  expect(parseLog(lines.join("\n")).notJson).toEqual([]);
  for (const [i, line] of lines.entries()) {
    for (const secret of secrets) expect(line.includes(secret), `log line ${i + 1} holds a secret`).toBe(false);
    expect(containsTokenSecret(line), `log line ${i + 1} holds some secret`).toBe(false);
  }
});
