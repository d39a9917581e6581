// This process's cache of API-token authentications (token-cache.ts), and what keeps it exact:
// the database's change notifications (db/notifications.ts, triggers of migration 0002) for every
// instance's changes, and db/tx.ts's after-transaction hook for this instance's own.
import { database, type Db } from "../../db/client";
import { listenForChanges, type Subscription } from "../../db/notifications";
import { onTransactionEnd } from "../../db/tx";
import { lookUpSecret, type Authenticated } from "./lookup";
import { TokenCache } from "./token-cache";
import { countCacheLookup } from "../operations";

const CHANNEL = "tollgate_auth";

const CACHE_KEY = Symbol.for("tollgate.tokenCache");
interface CacheState {
  cache: TokenCache<Authenticated>;
  /** The database the current subscription listens to. */
  db: Db | null;
  subscription: Promise<Subscription | null> | null;
}
type CacheHolder = { [CACHE_KEY]?: CacheState };

/**
 * This process's cache (both bundles share it), subscribed to the change notifications of the
 * database that is open now: a closed and reopened database gets a new subscription, and the
 * cache stays off until that one is listening.
 */
async function authCache(): Promise<TokenCache<Authenticated>> {
  const holder = globalThis as CacheHolder;
  const state = (holder[CACHE_KEY] ??= (() => {
    const cache = new TokenCache<Authenticated>({ maxEntries: 10_000, maxAgeMs: 60_000 });
    // What this instance changes is dropped as its transaction ends, before the change's
    // notification has made its way back.
    onTransactionEnd(() => cache.invalidate("all"));
    return { cache, db: null, subscription: null };
  })());
  const db = await database();
  if (state.db !== db) subscribe(state, db);
  return state.cache;
}

/** Whether this instance is answering from its cache now, and how many tokens it holds (tests, diagnostics). */
export async function authCacheStatus(): Promise<{ trusted: boolean; size: number }> {
  const cache = await authCache();
  return { trusted: cache.trusted, size: cache.size };
}

function subscribe(state: CacheState, db: Db) {
  const previous = state.subscription;
  state.db = db;
  state.cache.setTrusted(false);
  // Only the newest subscription may turn the cache on or off.
  const subscription: Promise<Subscription | null> = listenForChanges(CHANNEL, {
    notify: (subject) => state.cache.invalidate(subject),
    listening: (listening) => {
      if (state.subscription === subscription) state.cache.setTrusted(listening);
    },
  }).catch(() => {
    // Not listening: the cache stays off, and the next request tries again.
    if (state.subscription === subscription) state.db = null;
    return null;
  });
  state.subscription = subscription;
  void previous?.then((old) => old?.stop());
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
