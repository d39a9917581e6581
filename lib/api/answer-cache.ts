// The API's answers that are kept in memory: the token list (routes/tokens.ts). lib/changes'
// AccountCache keeps them exact; this file holds the process's one instance of it.
import { AccountCache, followChanges, watchChanges } from "../changes";
import { env } from "../env";

/** 16 MiB of bodies: about 700 pages of 25 tokens (a token's JSON is about 900 bytes). */
const MAX_BYTES = 16 * 2 ** 20;
/** As long as an authentication may be answered from memory (lib/auth/cache.ts). */
const MAX_AGE_MS = 60_000;

const KEY = Symbol.for("tollgate.apiAnswers");
type Holder = { [KEY]?: AccountCache };

async function answers(): Promise<AccountCache> {
  const holder = globalThis as Holder;
  const cache = (holder[KEY] ??= (() => {
    const created = new AccountCache({ maxBytes: MAX_BYTES, maxAgeMs: MAX_AGE_MS });
    watchChanges(created);
    return created;
  })());
  await followChanges();
  return cache;
}

/**
 * The JSON body (UTF-8) of an answer that depends on nothing but `accountId`'s data and what `key` names
 * (the caller and the request's parameters): from memory when it is there, else built, and kept
 * unless something changed while it was being built. A failure (a refusal, a bad parameter) is
 * never kept.
 */
export async function cachedJson(accountId: string, key: string, build: () => Promise<unknown>): Promise<Uint8Array<ArrayBuffer>> {
  // TOLLGATE_ANSWER_CACHE=false: every answer is built (README, "Configuration").
  if (!env().answerCache) return jsonBytes(await build());
  const cache = await answers();
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const generation = cache.generation;
  const body = jsonBytes(await build());
  cache.set(key, accountId, body, generation);
  return body;
}

/** The bytes sent: kept as such, a repeated answer is not encoded again. */
const jsonBytes = (value: unknown): Uint8Array<ArrayBuffer> => new TextEncoder().encode(JSON.stringify(value));

/** Whether answers come from memory now, and how many are kept (tests, diagnostics). */
export async function answerCacheStatus(): Promise<{ trusted: boolean; size: number; bytes: number }> {
  const cache = await answers();
  return { trusted: cache.trusted, size: cache.size, bytes: cache.bytes };
}
