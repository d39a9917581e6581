import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env";

/**
 * REST API limits are kept in memory, per instance, on purpose: a database write per request
 * would cost more than the request itself. That is enough because (1) a token is 178 random bits
 * with a checksum, so guessing one is hopeless however many instances an attacker spreads over —
 * the failed-authentication limit protects capacity, not secrecy; and (2) the per-token limit is a
 * fairness guard, so N instances allowing N× the rate is acceptable (scale the limit with N).
 * Password sign-in, where guessing is realistic, counts in the database instead (lib/auth/sign-in.ts).
 */
export const TOKEN_WINDOW_SECONDS = 10;
/** The default of TOLLGATE_API_FAILED_AUTH_LIMIT: failures allowed per client address per window. */
export const FAILED_AUTH_LIMIT = 20;
export const FAILED_AUTH_WINDOW_SECONDS = 60;

interface Limiters {
  perToken: RateLimiterMemory;
  failedAuth: RateLimiterMemory;
}

const KEY = Symbol.for("tollgate.apiRateLimiters");
type Holder = { [KEY]?: Limiters };

function limiters(): Limiters {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= {
    perToken: new RateLimiterMemory({ keyPrefix: "api-token", points: env().apiRateLimit, duration: TOKEN_WINDOW_SECONDS }),
    failedAuth: new RateLimiterMemory({
      keyPrefix: "api-failed-auth",
      points: env().apiFailedAuthLimit,
      duration: FAILED_AUTH_WINDOW_SECONDS,
      blockDuration: FAILED_AUTH_WINDOW_SECONDS,
    }),
  });
}

export interface LimitState {
  allowed: boolean;
  remaining: number;
  /** Epoch ms when the window resets. */
  resetAt: number;
  retryAfterSeconds: number;
}

function toState(res: RateLimiterRes, allowed: boolean): LimitState {
  return {
    allowed,
    remaining: Math.max(0, res.remainingPoints),
    resetAt: Date.now() + res.msBeforeNext,
    retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<LimitState> {
  try {
    return toState(await limiter.consume(key), true);
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return toState(refusal, false);
    throw refusal;
  }
}

export const consumeTokenRequest = (tokenId: string) => consume(limiters().perToken, tokenId);
/**
 * Counts one failed authentication from `ip`. Past the limit the address is blocked for a
 * minute: its failures are refused (not allowed) until then, and counting them does not extend
 * the block. Successful authentications are never counted or refused here.
 */
export const recordFailedAuth = (ip: string) => consume(limiters().failedAuth, ip);
