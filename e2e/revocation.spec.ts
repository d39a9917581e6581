import { expect, test, type APIRequestContext } from "@playwright/test";
import { containsTokenSecret } from "../lib/secrets";
import { memberWithToken } from "./members";
import { apiStatus, CLIENT } from "./net";
import { startServer, type ExtraServer } from "./servers";
import { apiTokenOf, E2E_DATABASE_URL, E2E_PORT, EXTRA_PORT } from "./support";

// Property 3 (SECURITY.md): an old secret stops working when it should — at once, or right after
// its grace period — on every instance, also one that has it in its authentication cache. (At once after a reset, a delete or a member's removal,
// on one instance: api-tokens.spec.ts and api-resources.spec.ts.) Refused calls go out from an
// address of their own (see net.ts).
const auth = (token: string) => ({ headers: { Authorization: token } });
const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;
const GRACE_MS = 4_000;

async function createToken(request: APIRequestContext, baseURL: string) {
  const response = await request.post(`${baseURL}/api/v2/tokens`, { ...auth(apiTokenOf("writer")), data: { name: unique("revocation") } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { _id: string; token: string };
}

async function reset(request: APIRequestContext, baseURL: string, id: string, expiry?: number) {
  const response = await request.post(`${baseURL}/api/v2/tokens/${id}/reset${expiry ? `?expiry=${expiry}` : ""}`, auth(apiTokenOf("writer")));
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** Polls until `port` refuses `token`; returns when that happened (epoch ms). */
async function refusedAt(port: number, token: string): Promise<number> {
  await expect.poll(() => apiStatus(CLIENT.revocation, port, token), { timeout: GRACE_MS + 15_000, intervals: [250] }).toBe(401);
  return Date.now();
}

test.describe("old secrets die on time", () => {
  test("after a reset with an expiry, the old secret works until then and is refused right after", async ({ request, baseURL }) => {
    const token = await createToken(request, baseURL!);
    const expiry = Date.now() + GRACE_MS;
    const fresh = await reset(request, baseURL!, token._id, expiry);
    expect(await apiStatus(CLIENT.revocation, E2E_PORT, token.token)).toBe(200);
    expect(await apiStatus(CLIENT.revocation, E2E_PORT, fresh)).toBe(200);
    // Never early; and "right after" means within the poll above, not at the next clean-up.
    expect(await refusedAt(E2E_PORT, token.token)).toBeGreaterThanOrEqual(expiry);
    expect(await apiStatus(CLIENT.revocation, E2E_PORT, fresh)).toBe(200);
  });
});

test.describe("two instances on one PostgreSQL", () => {
  // Scaling out means several instances on one PostgreSQL; the embedded database belongs to a
  // single process, so there is nothing to test on it.
  test.skip(!E2E_DATABASE_URL, "several instances share PostgreSQL only; this run uses the embedded database");

  let second: ExtraServer;
  const A = `http://localhost:${E2E_PORT}`;
  const B = `http://localhost:${EXTRA_PORT.secondInstance}`;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    second = await startServer(EXTRA_PORT.secondInstance, { DATABASE_URL: E2E_DATABASE_URL! });
  });
  test.afterAll(async () => second?.stop());

  const onA = (token: string) => apiStatus(CLIENT.revocation, E2E_PORT, token);
  const onB = (token: string) => apiStatus(CLIENT.revocation, EXTRA_PORT.secondInstance, token);

  test("a token deleted through one instance is refused by the other on the very next request", async ({ request }) => {
    const token = await createToken(request, A);
    // Twice: B now answers it from its authentication cache (lib/auth/token-cache.ts).
    expect(await onB(token.token)).toBe(200);
    expect(await onB(token.token)).toBe(200);
    expect((await request.delete(`${A}/api/v2/tokens/${token._id}`, auth(apiTokenOf("writer")))).status()).toBe(204);
    expect(await onB(token.token)).toBe(401);
  });

  test("a secret reset through one instance is refused by the other at once, or right after its grace period", async ({ request }) => {
    const token = await createToken(request, B);
    expect(await onA(token.token)).toBe(200);
    const v2 = await reset(request, B, token._id);
    expect(await onA(token.token)).toBe(401);
    expect(await onA(v2)).toBe(200);

    const expiry = Date.now() + GRACE_MS;
    const v3 = await reset(request, A, token._id, expiry);
    expect(await onB(v2)).toBe(200);
    expect(await refusedAt(EXTRA_PORT.secondInstance, v2)).toBeGreaterThanOrEqual(expiry);
    expect(await onB(v3)).toBe(200);
  });

  test("a member removed through one instance loses their tokens on the other on the very next request", async ({ request, browser }) => {
    const person = await memberWithToken(request, browser, "writer");
    expect(await onA(person.secret)).toBe(200);
    expect(await onA(person.secret)).toBe(200);
    expect(await onB(person.secret)).toBe(200);
    expect((await request.delete(`${B}/api/v2/members/${person.id}`, auth(apiTokenOf("admin")))).status()).toBe(204);
    expect(await onA(person.secret)).toBe(401);
    expect(await onB(person.secret)).toBe(401);
    expect(containsTokenSecret(second.output())).toBe(false); // and the second instance logged no secret
  });

  // Property 36: each instance answers a repeated token list from memory, and a change through the
  // other instance reaches it with the change's notification.
  test("a token created, renamed or deleted through one instance shows in the other's token list", async ({ request }) => {
    const listOnB = async () => {
      const response = await request.get(`${B}/api/v2/tokens?limit=100`, auth(apiTokenOf("writer")));
      expect(response.status()).toBe(200);
      return ((await response.json()) as { items: Array<{ _id: string; name: string }> }).items;
    };
    const nameOnB = async (id: string) => (await listOnB()).find((t) => t._id === id)?.name ?? null;
    await listOnB();
    await listOnB(); // B now answers this page from memory
    const token = await createToken(request, A);
    await expect.poll(() => nameOnB(token._id), { timeout: 2_000, intervals: [20] }).not.toBeNull();

    const renamed = unique("renamed on A");
    const patch = await request.patch(`${A}/api/v2/tokens/${token._id}`, { ...auth(apiTokenOf("writer")), data: [{ op: "replace", path: "/name", value: renamed }] });
    expect(patch.status(), await patch.text()).toBe(200);
    await expect.poll(() => nameOnB(token._id), { timeout: 2_000, intervals: [20] }).toBe(renamed);

    expect((await request.delete(`${A}/api/v2/tokens/${token._id}`, auth(apiTokenOf("writer")))).status()).toBe(204);
    await expect.poll(() => nameOnB(token._id), { timeout: 2_000, intervals: [20] }).toBeNull();
  });
});
