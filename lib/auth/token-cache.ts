import { parseSubject, WatchedCache } from "../changes";

/**
 * The tokens an instance has authenticated, kept in memory so that a busy API client costs a hash
 * and a map lookup instead of a database round trip (authentication may add at most 20 % to the
 * API's floor: docs/benchmarks.md). Safe because of three rules:
 *
 * 1. It is used only while the instance is receiving the database's change notifications
 *    (db/migrations/0002: a trigger on every table that decides authentication NOTIFYs which
 *    token or member changed, on commit). Losing the notification connection, or a heartbeat
 *    that does not come back on it (db/notifications.ts), clears it and turns it off until
 *    notifications are proven to arrive again.
 * 2. A notification drops what it names, and every drop advances a generation: a lookup that
 *    began before a change cannot store what it read after the change was announced.
 * 3. An entry never outlives its secret's or its token's expiry (checked on every hit, so grace
 *    periods end on time), nor `maxAgeMs`, which bounds staleness should a notification ever be
 *    lost without the connection noticing.
 *
 * Only successful authentications are stored: a refused secret always goes to the database.
 */
export interface CacheEntry<T> {
  value: T;
  tokenId: string;
  memberId: string;
  /** Epoch ms after which the entry must not be used: the earliest expiry of the secret and the token. */
  expiresAt: number;
}

interface Stored<T> extends CacheEntry<T> {
  usableUntil: number;
}

export interface TokenCacheOptions {
  maxEntries: number;
  maxAgeMs: number;
  now?: () => number;
}

export class TokenCache<T> extends WatchedCache {
  readonly #entries = new Map<string, Stored<T>>();
  readonly #options: Required<TokenCacheOptions>;

  constructor(options: TokenCacheOptions) {
    super();
    this.#options = { now: Date.now, ...options };
  }

  get size(): number {
    return this.#entries.size;
  }

  get(hash: string): T | undefined {
    if (!this.trusted) return undefined;
    const entry = this.#entries.get(hash);
    if (!entry) return undefined;
    if (this.#options.now() >= entry.usableUntil) {
      this.#entries.delete(hash);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a lookup's result unless something changed (or trust was lost) since `generation`. */
  set(hash: string, entry: CacheEntry<T>, generation: number): void {
    if (!this.mayKeep(generation)) return;
    const usableUntil = Math.min(entry.expiresAt, this.#options.now() + this.#options.maxAgeMs);
    if (this.#entries.size >= this.#options.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(hash, { ...entry, usableUntil });
  }

  /**
   * Applies one change notification: `token:<id>`, `member:<id>`, `account:<id>` (about what an
   * account's lists show: every change that decides authentication is also announced by token or
   * member, so it is ignored here), or anything else (`all`, or a payload this version does not
   * know), which drops everything.
   */
  invalidate(subject: string): void {
    const { kind, id } = parseSubject(subject);
    if (kind === "account" && id) return;
    this.advance();
    const field = kind === "token" ? "tokenId" : kind === "member" ? "memberId" : null;
    if (!field || !id) {
      this.#entries.clear();
      return;
    }
    for (const [hash, entry] of this.#entries) if (entry[field] === id) this.#entries.delete(hash);
  }

  protected clear(): void {
    this.#entries.clear();
  }
}
