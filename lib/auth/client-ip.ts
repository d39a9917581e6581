/**
 * The header server.ts sets from the TCP connection, after deleting any value a client sent:
 * a client cannot choose its own address to dodge a rate limit. Under `next dev` (no custom
 * server) the first X-Forwarded-For hop, which Next's dev server sets itself, is used.
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
