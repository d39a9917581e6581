import type { RouterRoute } from "hono/types";

/** Hono's own: middleware registered with `use` is "ALL", and HEAD is answered by a GET route. */
const MIDDLEWARE = "ALL";

export interface PathMethods {
  /** The methods a path has, as `Allow` lists them; empty when the API has no such path. */
  (path: string): string[];
}

/**
 * The methods each registered path answers, from the routes Hono has: a request with another
 * method on a path that exists is 405 with `Allow`, while a path that does not exist stays 404.
 */
export function pathMethods(routes: RouterRoute[]): PathMethods {
  const byPattern = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const route of routes) {
    if (route.method === MIDDLEWARE) continue;
    const entry = byPattern.get(route.path) ?? { pattern: patternOf(route.path), methods: new Set<string>() };
    entry.methods.add(route.method);
    if (route.method === "GET") entry.methods.add("HEAD");
    byPattern.set(route.path, entry);
  }
  const entries = [...byPattern.values()];
  return (path) => {
    const methods = new Set<string>();
    for (const entry of entries) if (entry.pattern.test(path)) for (const method of entry.methods) methods.add(method);
    if (methods.size) methods.add("OPTIONS"); // the CORS preflight
    return [...methods].sort();
  };
}

/** `/api/v2/tokens/:id` → a pattern that matches one segment for each parameter. */
function patternOf(path: string): RegExp {
  const escaped = path.split("/").map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${escaped.join("/")}$`);
}

