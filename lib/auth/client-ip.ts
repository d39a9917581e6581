import type { IncomingMessage } from "node:http";

/**
 * How the client's address gets from the TCP connection to the code that counts or records it.
 * server.ts sees the connection; Next.js pages and actions, and the Hono app, see only the
 * request. So server.ts writes the address into this request header (overwriteClientIp, below),
 * after deleting any value the client sent — a client cannot choose its own address to dodge a
 * rate limit — and every reader takes it back out with clientIpFrom: requireActor (lib/auth
 * require-actor.ts) for the console, next-auth's sign-in (options.ts), and the API's
 * authentication middleware (lib/api/authenticate.ts). Under `next dev` (no custom server) the
 * first X-Forwarded-For hop, which Next's dev server sets itself, is used instead.
 */
export const CLIENT_IP_HEADER = "x-tollgate-client-ip";

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export function clientIpFrom(headers: HeaderSource): string {
  const read = (name: string): string | undefined => {
    if (typeof (headers as { get?: unknown }).get === "function") {
      return (headers as { get(name: string): string | null }).get(name) ?? undefined;
    }
    const value = (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const direct = read(CLIENT_IP_HEADER);
  if (direct) return direct;
  if (process.env.NODE_ENV !== "production") {
    const forwarded = read("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return "unknown";
}

/** `::ffff:192.0.2.1` and `192.0.2.1` are one client; history shows the short form. */
const normalize = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1").slice(0, 64) || "unknown";

/**
 * The address rate limits count against. With `trustedHops` proxies in front (TOLLGATE_TRUST_PROXY),
 * each appended the address it saw to X-Forwarded-For: walking back from the connection, the
 * first address that none of our own proxies vouches for is the client. Entries further left
 * were written by the client and prove nothing. With no trusted proxy the header is ignored.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const nearestFirst = [socketAddress ?? "unknown", ...forwarded.reverse()];
  return normalize(nearestFirst[Math.min(trustedHops, nearestFirst.length - 1)]!);
}

/**
 * Replaces whatever CLIENT_IP_HEADER the client sent with the real address, in both of Node's
 * views of the headers: `req.headers` (Next) and `req.rawHeaders`, which @hono/node-server copies
 * once it materialises a Request — rewriting only `req.headers` once let a client pick its own
 * address (and left everyone else sharing "unknown") on the REST API.
 */
export function overwriteClientIp(req: IncomingMessage, trustedHops: number): string {
  const ip = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedHops);
  const raw: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() !== CLIENT_IP_HEADER) raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  raw.push(CLIENT_IP_HEADER, ip);
  req.rawHeaders = raw;
  req.headers[CLIENT_IP_HEADER] = ip;
  return ip;
}
