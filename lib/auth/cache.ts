// This process's cache of API-token authentications (token-cache.ts), and what keeps it exact:
// the database's change notifications for every instance's changes and the end of each of this
// instance's own transactions, both through the process's change feed (lib/changes).
import { followChanges, watchChanges } from "../changes";
import { lookUpSecret, type Authenticated } from "./lookup";
import { TokenCache } from "./token-cache";
import { countCacheLookup } from "../operations";

const CACHE_KEY = Symbol.for("tollgate.tokenCache");
type CacheHolder = { [CACHE_KEY]?: TokenCache<Authenticated> };

/** This process's cache (both bundles share it), answering only while the change feed listens. */
async function authCache(): Promise<TokenCache<Authenticated>> {
  const holder = globalThis as CacheHolder;
  const cache = (holder[CACHE_KEY] ??= (() => {
    const created = new TokenCache<Authenticated>({ maxEntries: 10_000, maxAgeMs: 60_000 });
    watchChanges(created);
    return created;
  })());
  await followChanges();
  return cache;
}

/** Whether this instance is answering from its cache now, and how many tokens it holds (tests, diagnostics). */
export async function authCacheStatus(): Promise<{ trusted: boolean; size: number }> {
  const cache = await authCache();
  return { trusted: cache.trusted, size: cache.size };
}

/** The authentication of a secret's hash: from memory while the cache may answer, else one lookup. */
export async function cachedAuthentication(hash: string): Promise<Authenticated | null> {
  const cache = await authCache();
  const hit = cache.get(hash);
  countCacheLookup(hit ? "hit" : cache.trusted ? "miss" : "off");
  if (hit) return hit;
  // Read before the lookup: a change announced meanwhile keeps its result out of the cache.
  const generation = cache.generation;
  const found = await lookUpSecret(hash);
  if (!found) return null;
  cache.set(hash, found, generation);
  return found.value;
}
