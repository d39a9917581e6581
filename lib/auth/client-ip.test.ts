import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress, clientIpFrom, CLIENT_IP_HEADER, overwriteClientIp } from "./client-ip";

describe("the client address rate limits count against", () => {
  it("is the connection's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("::ffff:192.0.2.1", "198.51.100.9", 0)).toBe("192.0.2.1");
    expect(clientAddress("2001:db8::1", undefined, 0)).toBe("2001:db8::1");
  });

  it("is the address our outermost trusted proxy saw, not what the client wrote before it", () => {
    // client wrote "6.6.6.6"; proxy B saw 198.51.100.9 connect; proxy A saw B (10.0.0.2); we see A.
    expect(clientAddress("10.0.0.1", "6.6.6.6, 198.51.100.9", 1)).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.1", "6.6.6.6, 198.51.100.9, 10.0.0.2", 2)).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.1", ["6.6.6.6", "198.51.100.9"], 1)).toBe("198.51.100.9");
  });

  it("falls back to the farthest known address when the chain is shorter than the trusted hops", () => {
    expect(clientAddress("10.0.0.1", undefined, 1)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "198.51.100.9", 3)).toBe("198.51.100.9");
  });
});

describe("overwriteClientIp", () => {
  function request(rawHeaders: string[], remoteAddress: string) {
    const socket = new Socket();
    Object.defineProperty(socket, "remoteAddress", { value: remoteAddress });
    const req = new IncomingMessage(socket);
    req.rawHeaders = rawHeaders;
    req.headers = {};
    for (let i = 0; i < rawHeaders.length; i += 2) req.headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1];
    return req;
  }

  it("replaces a forged header in both req.headers and req.rawHeaders (which @hono/node-server reads)", () => {
    const req = request(["Host", "x", "X-Tollgate-Client-IP", "6.6.6.6", "x-tollgate-client-ip", "7.7.7.7"], "::ffff:127.0.0.2");
    expect(overwriteClientIp(req, 0)).toBe("127.0.0.2");
    expect(req.headers[CLIENT_IP_HEADER]).toBe("127.0.0.2");
    expect(req.rawHeaders).toEqual(["Host", "x", CLIENT_IP_HEADER, "127.0.0.2"]);
    // What the REST API reads once Hono has copied the raw headers into a Request:
    const copied = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) copied.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    expect(clientIpFrom(copied)).toBe("127.0.0.2");
  });
});
