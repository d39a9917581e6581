// Change notifications for in-memory caches: the process's one subscription (feed.ts) and the
// cache of per-account answers (account-cache.ts). The authentication cache (lib/auth) and the
// API's token list (lib/api) watch through it.
export { CHANGE_CHANNEL, followChanges, watchChanges, type ChangeWatcher } from "./feed";
export { AccountCache, type AccountCacheOptions } from "./account-cache";
export { parseSubject, WatchedCache } from "./watched-cache";
