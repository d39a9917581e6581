import { describe, expect, it } from "vitest";
import { isCrossOriginWrite } from "./same-origin";

const PUBLIC_URL = "https://tokens.example.com";
const write = (headers: { origin?: string; host?: string }, url = "/settings/authorization", method = "POST") =>
  isCrossOriginWrite({ method, url, headers: { host: "localhost:3000", ...headers } }, PUBLIC_URL);

describe("writes to pages (server actions) must come from our own origin", () => {
  it("lets through the console's own pages, addressed directly or through the public URL", () => {
    expect(write({ origin: "http://localhost:3000" })).toBe(false);
    expect(write({ origin: "https://tokens.example.com" })).toBe(false);
  });

  it("refuses another site, a null origin, a missing or unparsable one", () => {
    expect(write({ origin: "https://evil.example" })).toBe(true);
    expect(write({ origin: "http://localhost:3001" })).toBe(true);
    expect(write({ origin: "null" })).toBe(true);
    expect(write({})).toBe(true);
    expect(write({ origin: "not a url" })).toBe(true);
  });

  it("ignores reads, the REST API and next-auth (which have their own defences), but not dot-segment tricks", () => {
    expect(write({ origin: "https://evil.example" }, "/settings/authorization", "GET")).toBe(false);
    expect(write({}, "/api/v2/tokens")).toBe(false);
    expect(write({}, "/api/auth/callback/credentials")).toBe(false);
    expect(write({}, "/api/../settings/authorization")).toBe(true);
    expect(write({}, "/api/%2e%2e/settings/authorization")).toBe(true);
  });
});
