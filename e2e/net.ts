import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { createServer, connect, type AddressInfo, type Socket } from "node:net";

/**
 * Loopback is a whole /8 on Linux, so a test can be "another client" by binding its end of the
 * connection to another 127.x address. Addresses used by specs that get themselves blocked, kept
 * apart so one spec's lockout never touches another (the e2e server itself is 127.0.0.1's).
 */
export const CLIENT = {
  apiAttacker: "127.0.0.2",
  apiBystander: "127.0.0.3",
  signInAttacker: "127.0.0.4",
  signInBystander: "127.0.0.5",
  // Specs that collect many refusals on purpose: each stays under the failed-authentication
  // limit (20 a minute per address) on an address of its own.
  revokedTokens: "127.0.0.6",
  queryTokens: "127.0.0.7",
  sessionOnly: "127.0.0.8",
  bypassHeaders: "127.0.0.9",
  hardening: "127.0.0.10",
  leakCheck: "127.0.0.11",
  revocation: "127.0.0.12",
  hosts: "127.0.0.13",
  csp: "127.0.0.14",
  // e2e/rotation-race.spec.ts: the attacker's requests, and the checks of what it ended up with.
  rotationAttacker: "127.0.0.23",
  rotationCheck: "127.0.0.24",
  // Blocked on purpose, and then used with valid tokens (several clients behind one NAT).
  sharedNat: "127.0.0.25",
  // e2e/operations.spec.ts: its requests are found in the log by their address.
  operations: "127.0.0.26",
} as const;

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Everything a caller can observe about a response, except what differs per response whatever
 * the credential: the date, and the request's id for the logs — in its header, and in an error
 * body's `id`, which must be that same id.
 */
export function observed(response: RawResponse) {
  const headers = { ...response.headers };
  delete headers.date;
  delete headers["x-request-id"];
  return { status: response.status, headers, body: withoutRequestId(response.body, response.headers["x-request-id"]) };
}

/** An error body without its `id`, when that is the response's X-Request-Id (else unchanged). */
export function withoutRequestId(body: string, requestId: string | string[] | undefined): string {
  return typeof requestId === "string" ? body.replace(`,"id":${JSON.stringify(requestId)}}`, "}") : body;
}

/** One HTTP request to 127.0.0.1:`port` whose connection comes from `localAddress`. */
export function requestFrom(
  localAddress: string,
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; hangsAfterMs?: number },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, localAddress, method: options.method ?? "GET", path: options.path, headers: options.headers, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    // A generous bound that means "it hangs" (never a measure of speed): the request fails.
    if (options.hangsAfterMs) req.setTimeout(options.hangsAfterMs, () => req.destroy(new Error(`no answer within ${options.hangsAfterMs} ms: it hangs`)));
    req.end(options.body);
  });
}

/** The status /api/v2/tokens gives `token`, asked from `localAddress`. */
export const apiStatus = async (localAddress: string, port: number, token: string) =>
  (await requestFrom(localAddress, port, { path: "/api/v2/tokens", headers: { Authorization: token } })).status;

export type RelayMode = "up" | "refusing" | "silent" | "blackhole";

/**
 * A TCP relay from `listenPort` to `target`, optionally from another local address. "refusing"
 * drops every connection (a database that is down); "silent" accepts and never answers (a
 * network that swallows packets); "blackhole" is a silent partition: the connections already
 * open stay open and whatever they carry, either way, is dropped — new ones are accepted and
 * never answered. Switching to any other mode cuts the connections already open.
 */
export async function startRelay(listenPort: number, target: { host: string; port: number; localAddress?: string }) {
  let mode: RelayMode = "up";
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (mode === "refusing") return client.destroy();
    if (mode !== "up") return;
    const upstream = connect({ host: target.host, port: target.port, localAddress: target.localAddress });
    track(upstream);
    client.on("data", (chunk) => mode === "up" && upstream.write(chunk));
    upstream.on("data", (chunk) => mode === "up" && client.write(chunk));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", resolve);
  });
  return {
    /** The port it listens on (pass 0 to let the system pick a free one). */
    port: (server.address() as AddressInfo).port,
    setMode(next: RelayMode) {
      mode = next;
      if (next === "blackhole") return;
      for (const socket of open) socket.destroy();
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The `name=value` parts of a response's Set-Cookie headers, ready to send back. */
const cookiePairs = (headers: IncomingHttpHeaders) => (headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!);

/**
 * Signs in through next-auth's own endpoints (what the sign-in form calls), from `localAddress`.
 * `error` is the message the form would show, or null; `setCookies` are the raw Set-Cookie
 * headers of the sign-in response (the session cookie when it worked).
 */
export async function signInFrom(localAddress: string, port: number, email: string, password: string) {
  const csrf = await requestFrom(localAddress, port, { path: "/api/auth/csrf" });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const response = await requestFrom(localAddress, port, {
    method: "POST",
    path: "/api/auth/callback/credentials",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookiePairs(csrf.headers).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const { url } = JSON.parse(response.body) as { url: string };
  return { error: new URL(url).searchParams.get("error"), setCookies: response.headers["set-cookie"] ?? [], csrfResponse: csrf };
}
