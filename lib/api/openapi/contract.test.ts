import { describe, expect, it } from "vitest";
import { contractChecker, type ApiRecord } from "../../../e2e/contract/check";
import { createApiApp } from "../app";

// The e2e contract check (e2e/contract/check.ts) must refuse what the document does not promise.
const app = createApiApp();

async function recorded(method: string, path: string): Promise<ApiRecord> {
  const response = await app.request(path, { method });
  return { method, url: path, status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

describe("the contract check", () => {
  it("accepts what the API answers, and refuses an unnamed field, an undocumented status, a missing or unlisted header", async () => {
    const problems = contractChecker(await (await app.request("/api/v2/openapi.json")).json());
    const root = await recorded("GET", "/api/v2");
    const refusal = await recorded("GET", "/api/v2/tokens");
    const wrongMethod = await recorded("DELETE", "/api/v2/tokens");
    for (const record of [root, refusal, wrongMethod]) expect(problems(record), `${record.method} ${record.url}`).toEqual([]);

    expect(problems({ ...root, body: JSON.stringify({ ...JSON.parse(root.body), surprise: 1 }) })).toEqual(["getRoot 200: body must NOT have additional properties (surprise)"]);
    expect(problems({ ...root, status: 201 })[0]).toMatch(/^getRoot: status 201 is not documented/);
    expect(problems({ ...refusal, body: JSON.stringify({ code: "unauthorized", message: "no" }) })).toEqual(["getTokens 401: body must have required property 'id'"]);
    expect(problems({ ...refusal, headers: { ...refusal.headers, "retry-after": "1" } })).toEqual(["getTokens 401: header retry-after is not documented for this response"]);
    const withoutAllow = Object.fromEntries(Object.entries(wrongMethod.headers).filter(([name]) => name !== "allow"));
    expect(problems({ ...wrongMethod, headers: withoutAllow })).toEqual(["405 without Allow"]);
    expect(problems({ ...wrongMethod, status: 404 })[0]).toMatch(/DELETE is not documented for \/api\/v2\/tokens, yet answered 404/);
  });
});
