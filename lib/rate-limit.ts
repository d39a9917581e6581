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

/** Forgets every limiter (tests that reopen the database). */
export function resetLimiters(): void {
  (globalThis as Holder)[KEY]?.clear();
}

export { RateLimiterRes };
