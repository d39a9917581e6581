import { describe, expect, it } from "vitest";
import { applyPagePolicy, contentSecurityPolicy } from "./security-headers";

const scriptSrc = (csp: string) => csp.split("; ").find((d) => d.startsWith("script-src ")) ?? "";

function pageRequest(headers: Record<string, string>) {
  // As Node gives them: `headers` with lower-case names, `rawHeaders` as the client wrote them.
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const req = { headers: lower as Record<string, string | string[] | undefined>, rawHeaders: Object.entries(headers).flat() };
  const sent: Record<string, string> = {};
  applyPagePolicy(req, { setHeader: (name: string, value: string) => (sent[name] = value) });
  return { req, sent: sent["Content-Security-Policy"] ?? "" };
}

describe("the pages' content security policy", () => {
  it("lets only scripts with this response's nonce run: nothing inline without it, no eval", () => {
    const directive = scriptSrc(contentSecurityPolicy({ nonce: "abc123" }));
    expect(directive).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
  });

  it("draws a fresh nonce for every response and tells Next.js the same policy the browser gets", () => {
    const first = pageRequest({ host: "localhost" });
    const second = pageRequest({ host: "localhost" });
    expect(scriptSrc(first.sent)).toMatch(/'nonce-[A-Za-z0-9+/]{24}'/);
    expect(first.sent).not.toBe(second.sent);
    expect(first.req.headers["content-security-policy"]).toBe(first.sent);
    expect(first.req.rawHeaders.slice(-2)).toEqual(["content-security-policy", first.sent]);
  });

  it("drops any policy the client sent, in both views of the request's headers", () => {
    const { req, sent } = pageRequest({ "Content-Security-Policy": "script-src 'nonce-mine'", "content-security-policy-report-only": "script-src 'nonce-mine'" });
    expect(JSON.stringify(req.headers)).not.toContain("nonce-mine");
    expect(req.rawHeaders.join(" ")).not.toContain("nonce-mine");
    expect(sent).not.toContain("nonce-mine");
  });
});
