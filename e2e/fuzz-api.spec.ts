import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { request as httpRequest } from "node:http";
import { apiTokenOf } from "./support";

// SECURITY.md, property 5, through the real HTTP stack of the production server (Node's HTTP
// server, @hono/node-server, the body limit): bytes no well-behaved client sends get a 4xx
// `{code, message}`, never a 5xx, and write nothing. The fuzzing proper runs in
// tests/integration/fuzz-*.test.ts; these are the cases only a real socket can carry.

const auth = (role: "owner" | "writer") => ({ Authorization: apiTokenOf(role), "Content-Type": "application/json" });
const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

async function expectCleanRefusal(response: APIResponse, what: string) {
  const text = await response.text();
  expect(response.status(), `${what}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(response.status(), `${what}: ${text.slice(0, 200)}`).toBeLessThan(500);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body).sort(), what).toEqual(["code", "id", "message"]);
}

/** The change history's size, as the owner sees it: it grows with every accepted write only. */
async function historySize(request: APIRequestContext): Promise<number> {
  const response = await request.get("/api/v2/auditlog?limit=1", { headers: auth("owner") });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { totalCount: number }).totalCount;
}

async function tokenNames(request: APIRequestContext): Promise<string[]> {
  const response = await request.get("/api/v2/tokens?showAll=true&limit=1000", { headers: auth("owner") });
  return ((await response.json()) as { items: { name: string }[] }).items.map((t) => t.name);
}

const BAD_BODIES: [string, string | Buffer][] = [
  ["not JSON", '{"name":'],
  ["nesting 10,000 deep", deep(10_000)],
  ["nesting 200,000 deep", deep(200_000)],
  ["a field nesting 10,000 deep", `{"name":"e2e fuzz deep","inlineRole":${deep(10_000)},"policy":${deep(10_000)}}`],
  ["a patch value nesting 10,000 deep", `[{"op":"add","path":"/inlineRole","value":${deep(10_000)}}]`],
  ["duplicate keys, the last one invalid", '{"name":"e2e fuzz dup","name":"e2e\\u0000dup","key":"e2e-dup","key":"E2E DUP"}'],
  // {"name":["<bytes that are not UTF-8>"]}: decoded with replacement characters, then refused by shape.
  ["invalid UTF-8", Buffer.concat([Buffer.from('{"name":["'), Buffer.from([0xff, 0xfe, 0xc0, 0xed, 0xa0, 0x80]), Buffer.from('"]}')])],
  ["raw NUL bytes", Buffer.from('{"name":"e2e\u0000fuzz"}\u0000', "utf8")],
  ["a byte-order mark", "\uFEFF{}"],
];

test("malformed, deep, duplicate-key and invalid-UTF-8 bodies get a 4xx {code, message} on every write endpoint and write nothing", async ({ request }) => {
  const made = await request.post("/api/v2/tokens", { headers: auth("owner"), data: { name: `e2e fuzz fixture ${Date.now()}` } });
  const fixture = ((await made.json()) as { _id: string })._id;
  const roles = (await (await request.get("/api/v2/roles", { headers: auth("owner") })).json()) as { items: { key: string }[] };
  const members = (await (await request.get("/api/v2/members?filter=query:reader", { headers: auth("owner") })).json()) as { items: { _id: string }[] };
  const endpoints: [string, string][] = [
    ["POST", "/api/v2/tokens"],
    ["PATCH", `/api/v2/tokens/${fixture}`],
    ["POST", `/api/v2/tokens/${fixture}/clone`],
    ["POST", "/api/v2/roles"],
    ["PATCH", `/api/v2/roles/${roles.items[0]!.key}`],
    ["POST", "/api/v2/projects"],
    ["POST", "/api/v2/members"],
    ["PATCH", `/api/v2/members/${members.items[0]!._id}`],
  ];
  const history = await historySize(request);
  const tokens = await tokenNames(request);
  for (const [method, path] of endpoints) {
    for (const [what, body] of BAD_BODIES) {
      await expectCleanRefusal(await request.fetch(path, { method, headers: auth("owner"), data: body }), `${method} ${path} with ${what}`);
    }
  }
  expect(await historySize(request), "refused writes leave no history").toBe(history);
  expect(await tokenNames(request), "refused writes leave no tokens").toEqual(tokens);
  expect((await request.delete(`/api/v2/tokens/${fixture}`, { headers: auth("owner") })).status()).toBe(204);
});

test("duplicate JSON keys: the last one is the one checked and the one stored", async ({ request }) => {
  const refused = await request.post("/api/v2/tokens", { headers: auth("writer"), data: '{"name":"e2e smuggled","role":"reader","role":"owner"}' });
  expect(refused.status()).toBe(403);
  const made = await request.post("/api/v2/tokens", { headers: auth("writer"), data: '{"name":"e2e dup first","name":"e2e dup last","role":"owner","role":"reader"}' });
  expect(made.status()).toBe(201);
  const token = (await made.json()) as { _id: string; name: string; role: string };
  expect([token.name, token.role]).toEqual(["e2e dup last", "reader"]);
  expect((await request.delete(`/api/v2/tokens/${token._id}`, { headers: auth("writer") })).status()).toBe(204);
  expect(await tokenNames(request)).not.toContain("e2e smuggled");
});

/** A raw request over a socket, for what an HTTP client library would not send. */
function rawRequest(baseURL: string, options: { method: string; path: string; headers: Record<string, string>; chunks: Buffer[] }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(new URL(options.path, baseURL), { method: options.method, headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer and close before it has read everything we send.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    for (const chunk of options.chunks) req.write(chunk);
    req.end();
  });
}

test("the body limit holds for declared and chunked bodies alike, and writes nothing", async ({ request, baseURL }) => {
  const history = await historySize(request);
  const huge = JSON.stringify({ name: "e2e fuzz huge", description: "x".repeat(2 * 1024 * 1024) });
  const declared = await request.post("/api/v2/tokens", { headers: auth("owner"), data: huge });
  await expectCleanRefusal(declared, "a 2 MB body");
  // The unread rest of the body makes the connection unusable: the server must say so, or this
  // client's next request (historySize below) goes into a socket that is about to be reset.
  expect(declared.headers()["connection"]).toBe("close");
  const chunks = Array.from({ length: 40 }, (_, i) => Buffer.from(i === 0 ? '{"name":"e2e fuzz chunked","description":"' : "y".repeat(64 * 1024)));
  const chunked = await rawRequest(baseURL!, { method: "POST", path: "/api/v2/tokens", headers: { ...auth("owner"), "Transfer-Encoding": "chunked" }, chunks });
  expect(chunked.status, chunked.body).toBe(400);
  expect(Object.keys(JSON.parse(chunked.body) as object).sort()).toEqual(["code", "id", "message"]);
  expect(await historySize(request)).toBe(history);
  expect(await tokenNames(request)).not.toContain("e2e fuzz chunked");
});

test("odd paths and headers get a 4xx {code, message}, never a 5xx", async ({ request }) => {
  for (const path of ["/api/v2/tokens/%00", "/api/v2/members/%00", "/api/v2/tokens/%E0%A4%A", "/api/v2/tokens/" + "a".repeat(5000), "/api/v2/auditlog?targetId=%00"]) {
    await expectCleanRefusal(await request.get(path, { headers: auth("owner") }), `GET ${path.slice(0, 60)}`);
  }
  // A search is free text: control characters are dropped, so a NUL alone is an empty search.
  const nulSearch = await request.get("/api/v2/members?filter=query:%00", { headers: auth("owner") });
  expect(nulSearch.status()).toBe(200);
  expect(((await nulSearch.json()) as { totalCount: number }).totalCount).toBeGreaterThanOrEqual(4);
  for (const version of ["2024-04-15", "99999999", "1e308", "\u00ff\u00fe"]) {
    await expectCleanRefusal(await request.get("/api/v2/tokens", { headers: { ...auth("owner"), "LD-API-Version": version } }), `LD-API-Version ${version}`);
  }
  await expectCleanRefusal(await request.get("/api/v2/tokens", { headers: { Authorization: `Bearer ${"\u00e9".repeat(300)}` } }), "a non-ASCII token");
});
