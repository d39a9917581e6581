import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { database } from "../db/client";
import { rateLimits } from "../db/schema";

/**
 * Wrong passwords allowed per window: at sign-in per client address (lib/auth/sign-in.ts), at
 * Change password per member (lib/passwords/change.ts).
 */
export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
}

const KEY = Symbol.for("tollgate.rateLimiters");
type Holder = { [KEY]?: Map<string, Promise<RateLimiterDrizzle>> };

/**
 * Counters live in the database (rate-limiter-flexible's Drizzle store), so every app instance
 * on one PostgreSQL counts against the same limit; one limiter per purpose per process.
 */
export function limiter(options: LimiterOptions): Promise<RateLimiterDrizzle> {
  const holder = globalThis as Holder;
  const limiters = (holder[KEY] ??= new Map());
  let pending = limiters.get(options.keyPrefix);
  if (!pending) {
    pending = database().then(
      (db) =>
        new RateLimiterDrizzle({
          storeClient: db,
          schema: rateLimits,
          keyPrefix: options.keyPrefix,
          points: options.points,
          duration: options.durationSeconds,
          blockDuration: options.blockSeconds ?? 0,
        }),
    );
    limiters.set(options.keyPrefix, pending);
    pending.catch(() => limiters.delete(options.keyPrefix));
  }
  return pending;
}

/**
 * One guess at a password or code, counted per `key`: the attempt takes its place on the counter
 * (one atomic database update) before `check` runs, so however many guesses arrive at once, no
 * more than the limit are ever checked. An attempt that is refused, or whose check passes, gives
 * its place back: only checked failures stay on the counter.
 */
export async function countedCheck<T>(
  options: LimiterOptions,
  key: string,
  check: () => Promise<T | null | false>,
): Promise<{ refused: true; msBeforeNext: number } | { refused: false; passed: T | null }> {
  const limit = await limiter(options);
  try {
    await limit.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    await limit.reward(key);
    return { refused: true, msBeforeNext: refusal.msBeforeNext };
  }
  const passed = await check();
  if (!passed) return { refused: false, passed: null };
  await limit.reward(key);
  return { refused: false, passed };
}

/** "Try again in N minutes.", for a refusal whose window frees a place in `msBeforeNext`. */
export function tryAgainIn(msBeforeNext: number): string {
  const minutes = Math.max(1, Math.ceil(msBeforeNext / 60_000));
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** Forgets every limiter (tests that reopen the database). */
export function resetLimiters(): void {
  (globalThis as Holder)[KEY]?.clear();
}

export { RateLimiterRes };
