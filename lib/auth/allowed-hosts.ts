/**
 * DNS rebinding: a page on another site points its own name at this server's address, and is
 * then same-origin with itself — its requests carry a matching Origin, and the browser sends it
 * cookies it has set itself, so it can sign in and drive the console from a member's browser
 * (or reach a console that only listens on loopback). What it cannot change is the name in Host:
 * the browser writes the name it looked up. So pages, auth routes and server actions answer only
 * to the public URL's host name, the loopback names, and TOLLGATE_ALLOWED_HOSTS.
 *
 * Only the name is compared, not the port: the port a browser writes is the one it connected to,
 * which a proxy in between may well change, and it gives a rebinding page nothing — the name
 * alone tells whose page sent the request.
 */
export const LOOPBACK_HOST_NAMES = ["localhost", "127.0.0.1", "[::1]"] as const;

/** What Host may contain: a name or an IP (IPv6 in brackets), and a port. No user info, no path. */
const HOST_HEADER = /^[a-z0-9.\-[\]:]+$/i;

/** The host name a Host header names, lower-case and without a trailing dot; null if it is not one. */
export function hostNameOf(host: string | undefined): string | null {
  if (!host || !HOST_HEADER.test(host) || !URL.canParse(`http://${host}/`)) return null;
  const url = new URL(`http://${host}/`);
  if (url.pathname !== "/" || url.username || url.password) return null;
  return url.hostname.replace(/\.$/, "") || null;
}

/** Every host name the console answers to. */
export function allowedHostNames(publicUrl: string, extra: readonly string[]): ReadonlySet<string> {
  const names = new Set<string>(LOOPBACK_HOST_NAMES);
  const publicName = hostNameOf(new URL(publicUrl).host);
  if (publicName) names.add(publicName);
  for (const name of extra) names.add(name.toLowerCase().replace(/\.$/, ""));
  return names;
}

export function isAllowedHost(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = hostNameOf(host);
  return name !== null && allowed.has(name);
}
