import { parseSubject, WatchedCache } from "./watched-cache";

/**
 * Answers (response bodies, as the bytes sent) that depend only on one account's data and on who
 * asks, kept in memory so that a repeated read costs a map lookup instead of a query, its JSON and
 * its encoding. Exact
 * for the same reasons as the authentication cache (lib/auth/token-cache.ts):
 *
 * 1. It answers only while the instance receives the database's change notifications (feed.ts).
 *    Every committed change to a row an answer can show notifies `account:<id>` (migration 0008),
 *    which drops that account's answers; `all` (and anything unknown) drops everything; this
 *    instance's own transactions drop everything as they end.
 * 2. Every drop advances a generation: a read that began before a change cannot store what it
 *    read after the change was announced.
 * 3. An answer never outlives `maxAgeMs`, which bounds staleness should a notification ever be
 *    lost without the connection noticing, and the whole cache holds at most `maxBytes` of bodies
 *    (oldest dropped first; a body over an eighth of that is never stored).
 *
 * The key must name everything besides the account's data that the answer depends on: the caller
 * (whose rights decide what is visible) and the request's parameters.
 */
export interface AccountCacheOptions {
  maxBytes: number;
  maxAgeMs: number;
  now?: () => number;
}

interface Entry {
  accountId: string;
  body: Uint8Array<ArrayBuffer>;
  usableUntil: number;
}

export class AccountCache extends WatchedCache {
  readonly #entries = new Map<string, Entry>();
  readonly #options: Required<AccountCacheOptions>;
  #bytes = 0;

  constructor(options: AccountCacheOptions) {
    super();
    this.#options = { now: Date.now, ...options };
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes of the stored bodies. */
  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): Uint8Array<ArrayBuffer> | undefined {
    if (!this.trusted) return undefined;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#options.now() >= entry.usableUntil) {
      this.#delete(key, entry);
      return undefined;
    }
    return entry.body;
  }

  /** Stores an answer unless something changed (or trust was lost) since `generation`. */
  set(key: string, accountId: string, body: Uint8Array<ArrayBuffer>, generation: number): void {
    if (!this.mayKeep(generation)) return;
    if (body.byteLength > this.#options.maxBytes / 8) return;
    const old = this.#entries.get(key);
    if (old) this.#delete(key, old);
    while (this.#bytes + body.byteLength > this.#options.maxBytes) {
      // Maps iterate in insertion order: drop the oldest.
      const [oldestKey, oldest] = this.#entries.entries().next().value!;
      this.#delete(oldestKey, oldest);
    }
    this.#entries.set(key, { accountId, body, usableUntil: this.#options.now() + this.#options.maxAgeMs });
    this.#bytes += body.byteLength;
  }

  /**
   * Applies one change notification. `token:` and `member:` subjects are about authentication:
   * every change they announce is also announced for its account.
   */
  invalidate(subject: string): void {
    const { kind, id } = parseSubject(subject);
    if ((kind === "token" || kind === "member") && id) return;
    this.advance();
    if (kind !== "account" || !id) {
      this.clear();
      return;
    }
    for (const [key, entry] of this.#entries) if (entry.accountId === id) this.#delete(key, entry);
  }

  #delete(key: string, entry: Entry) {
    this.#entries.delete(key);
    this.#bytes -= entry.body.byteLength;
  }

  protected clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
