import { describe, expect, it } from "vitest";
import { allowedHostNames, hostNameOf, isAllowedHost } from "./allowed-hosts";

describe("allowed hosts", () => {
  const allowed = allowedHostNames("https://Console.Example.com", ["tollgate.internal"]);

  it("answers the public URL's host name, loopback names and listed names, on any port and in any case", () => {
    for (const host of ["console.example.com", "CONSOLE.example.com:443", "console.example.com.", "localhost:3000", "127.0.0.1", "[::1]:8080", "tollgate.internal:8443"]) {
      expect(isAllowedHost(host, allowed), host).toBe(true);
    }
  });

  it("refuses other names, look-alikes, and Host values that are no host at all", () => {
    for (const host of [undefined, "", "evil.example", "console.example.com.evil.example", "localhost.evil.example", "evil.example@localhost", "localhost/evil", "localhost:3000 evil", "[::2]", "internal"]) {
      expect(isAllowedHost(host, allowed), String(host)).toBe(false);
    }
  });

  it("reads the host name out of a Host header", () => {
    expect(hostNameOf("LocalHost.:3000")).toBe("localhost");
    expect(hostNameOf("[::1]:3000")).toBe("[::1]");
    expect(hostNameOf("a b")).toBeNull();
  });
});
