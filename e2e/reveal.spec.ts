import { expect, test, type APIRequestContext } from "@playwright/test";
import { acceptLink, strongPassword } from "./members";
import { apiTokenOf, storageStateOf } from "./support";
import { TokensPage } from "./tokens-page";

// Create, clone and reset reveal a secret, so each may only hand the caller a token they could
// have created themselves; and a token that expires may not mint one that outlives it. Against
// the production build, through the REST API and the console. Every token, member and role made
// here is deleted again.

const suffix = () => Math.random().toString(36).slice(2, 8);
const auth = (secret: string) => ({ Authorization: secret });
const DAY = 86_400_000;

async function made(response: Awaited<ReturnType<APIRequestContext["post"]>>) {
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { _id: string; token: string; name: string; expiresAt?: number };
}

/** What a reset would change, as the owner sees it: the secret's ending, the row, the history. */
async function stateOf(request: APIRequestContext, id: string) {
  const token = (await (await request.get(`/api/v2/tokens/${id}`, { headers: auth(apiTokenOf("owner")) })).json()) as Record<string, unknown>;
  const history = await request.get(`/api/v2/auditlog?targetKind=token&targetId=${id}`, { headers: auth(apiTokenOf("owner")) });
  const actions = ((await history.json()) as { items: { action: string }[] }).items.map((e) => e.action);
  return { ending: token.token, lastModified: token.lastModified, actions };
}

async function deleteTokens(request: APIRequestContext, ids: string[]) {
  for (const id of ids) expect([204, 404]).toContain((await request.delete(`/api/v2/tokens/${id}`, { headers: auth(apiTokenOf("owner")) })).status());
}

test("an admin's API token cannot reset the owner's Owner-role personal token, so cannot promote the admin with it", async ({ request }) => {
  const ownersToken = await made(await request.post("/api/v2/tokens", { headers: auth(apiTokenOf("owner")), data: { name: `owner laptop ${suffix()}`, role: "owner" } }));
  try {
    const before = await stateOf(request, ownersToken._id);
    const reset = await request.post(`/api/v2/tokens/${ownersToken._id}/reset?expiry=${Date.now() + 7 * DAY}`, { headers: auth(apiTokenOf("admin")) });
    expect(reset.status(), "refused: the admin may see the token, so 403 rather than 404").toBe(403);
    const body = await reset.text();
    expect(JSON.parse(body)).toMatchObject({ code: "forbidden" });
    expect(body).not.toMatch(/api-[0-9A-Za-z]{36}/);
    expect(await stateOf(request, ownersToken._id), "nothing changed, and no history entry").toEqual(before);
    expect(before.actions).toEqual(["tokenCreated"]);
    expect((await request.get("/api/v2/members/me", { headers: auth(ownersToken.token) })).status(), "the owner's secret still works").toBe(200);
    const me = (await (await request.get("/api/v2/members/me", { headers: auth(apiTokenOf("admin")) })).json()) as { role: string };
    expect(me.role).toBe("admin");
  } finally {
    await deleteTokens(request, [ownersToken._id]);
  }
});

test("a reader whose custom role allows resetting service tokens cannot reset an Admin service token through the API", async ({ request, browser }) => {
  const owner = auth(apiTokenOf("owner"));
  const key = `service-keeper-${suffix()}`;
  const role = await request.post("/api/v2/roles", {
    headers: owner,
    data: { key, name: `Service keeper ${key}`, policy: [{ effect: "allow", actions: ["resetAccessToken"], resources: ["service-token/*"] }] },
  });
  expect(role.status(), await role.text()).toBe(201);
  const roleId = ((await role.json()) as { _id: string })._id;
  const invited = await request.post("/api/v2/members", { headers: owner, data: [{ email: `keeper-${suffix()}@acme.test`, role: "reader", firstName: "Keeper" }] });
  expect(invited.status(), await invited.text()).toBe(201);
  const { _id: memberId, _setPasswordUrl: link } = ((await invited.json()) as { items: { _id: string; _setPasswordUrl: string }[] }).items[0]!;
  const service = await made(await request.post("/api/v2/tokens", { headers: owner, data: { name: `deploy ${suffix()}`, role: "admin", serviceToken: true } }));
  try {
    const granted = await request.patch(`/api/v2/members/${memberId}`, { headers: owner, data: [{ op: "replace", path: "/customRoles", value: [roleId] }] });
    expect(granted.status(), await granted.text()).toBe(200);
    // The reader's own token with that custom role, made in the console (a member may do that).
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await acceptLink(page, link, strongPassword());
    const secret = await new TokensPage(page).create(`keeper cli ${suffix()}`, { customRoles: [`Service keeper ${key}`] });
    await context.close();

    const before = await stateOf(request, service._id);
    const reset = await request.post(`/api/v2/tokens/${service._id}/reset`, { headers: auth(secret) });
    expect(reset.status(), await reset.text()).toBe(403);
    expect(await stateOf(request, service._id), "nothing changed, and no history entry").toEqual(before);
  } finally {
    await deleteTokens(request, [service._id]);
    expect((await request.delete(`/api/v2/members/${memberId}`, { headers: owner })).status()).toBe(204);
    expect((await request.delete(`/api/v2/roles/${key}`, { headers: owner })).status()).toBe(204);
  }
});

test("the console offers an admin Delete but no Reset on another member's token", async ({ browser, request }) => {
  const name = `owner desktop ${suffix()}`;
  const ownersToken = await made(await request.post("/api/v2/tokens", { headers: auth(apiTokenOf("owner")), data: { name, role: "reader" } }));
  const context = await browser.newContext({ storageState: storageStateOf("admin") });
  try {
    const page = await context.newPage();
    await TokensPage.open(page, `?showAll=1&q=${encodeURIComponent(name)}`);
    await page.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
    await expect(page.getByRole("menuitem", { name: "Delete" })).toBeVisible();
    await expect(page.getByRole("menuitem", { name: "Edit" })).toBeVisible();
    await expect(page.getByRole("menuitem", { name: "Reset" })).toHaveCount(0);
    await expect(page.getByRole("menuitem", { name: "Clone" })).toHaveCount(0);
  } finally {
    await context.close();
    await deleteTokens(request, [ownersToken._id]);
  }
});

test("a token that expires cannot mint, through the API, a token that outlives it", async ({ request }) => {
  const expiresAt = Date.now() + 2 * DAY;
  const parent = await made(await request.post("/api/v2/tokens", { headers: auth(apiTokenOf("owner")), data: { name: `short-lived ${suffix()}`, role: "writer", expiresAt } }));
  const forever = await made(await request.post("/api/v2/tokens", { headers: auth(apiTokenOf("owner")), data: { name: `forever ${suffix()}`, role: "reader" } }));
  const cleanUp = [parent._id, forever._id];
  try {
    expect(parent.expiresAt).toBe(expiresAt);
    const headers = auth(parent.token);
    const never = await request.post("/api/v2/tokens", { headers, data: { name: `child ${suffix()}`, role: "reader" } });
    expect(never.status()).toBe(400);
    expect(await never.json()).toEqual({ code: "invalid_request", message: expect.stringMatching(/cannot outlive the token that creates it/), id: never.headers()["x-request-id"] });
    const later = await request.post("/api/v2/tokens", { headers, data: { name: `child ${suffix()}`, role: "reader", expiresAt: expiresAt + DAY } });
    expect(later.status()).toBe(400);
    const clone = await request.post(`/api/v2/tokens/${forever._id}/clone`, { headers });
    expect(clone.status(), "a clone of a token that never expires would never expire either").toBe(400);
    const within = await made(await request.post("/api/v2/tokens", { headers, data: { name: `child ${suffix()}`, role: "reader", expiresAt: expiresAt - DAY } }));
    cleanUp.push(within._id);
    expect(within.expiresAt).toBe(expiresAt - DAY);
  } finally {
    await deleteTokens(request, cleanUp);
  }
});
