import { describe, expect, it } from "vitest";
import { TokenCache, type CacheEntry } from "./token-cache";

function setup(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
  let now = 1_000_000;
  const cache = new TokenCache<string>({ maxEntries: options.maxEntries ?? 100, maxAgeMs: options.maxAgeMs ?? 60_000, now: () => now });
  cache.setTrusted(true);
  const entry = (value: string, over: Partial<CacheEntry<string>> = {}): CacheEntry<string> => ({
    value,
    tokenId: `t-${value}`,
    memberId: "m-1",
    expiresAt: Infinity,
    ...over,
  });
  const store = (hash: string, e: CacheEntry<string>) => cache.set(hash, e, cache.generation);
  return { cache, entry, store, advance: (ms: number) => (now += ms), now: () => now };
}

describe("the authentication cache", () => {
  it("serves what a lookup stored", () => {
    const { cache, entry, store } = setup();
    store("h1", entry("a"));
    expect(cache.get("h1")).toBe("a");
    expect(cache.get("h2")).toBeUndefined();
  });

  it("serves nothing and stores nothing until it is trusted (notifications arriving)", () => {
    const cache = new TokenCache<string>({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.set("h1", { value: "a", tokenId: "t", memberId: "m", expiresAt: Infinity }, cache.generation);
    expect(cache.get("h1")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("forgets everything when notifications may have been missed, and when they resume", () => {
    const { cache, entry, store } = setup();
    store("h1", entry("a"));
    cache.setTrusted(false);
    expect(cache.get("h1")).toBeUndefined();
    cache.setTrusted(true);
    expect(cache.get("h1")).toBeUndefined();
  });

  it("drops a token's entries when that token changes, and only those", () => {
    const { cache, entry, store } = setup();
    store("h1", entry("a", { tokenId: "t1" }));
    store("h1-old-secret", entry("a", { tokenId: "t1" }));
    store("h2", entry("b", { tokenId: "t2" }));
    cache.invalidate("token:t1");
    expect(cache.get("h1")).toBeUndefined();
    expect(cache.get("h1-old-secret")).toBeUndefined();
    expect(cache.get("h2")).toBe("b");
  });

  it("drops every token of a member when the member changes", () => {
    const { cache, entry, store } = setup();
    store("h1", entry("a", { memberId: "m1" }));
    store("h2", entry("b", { memberId: "m1" }));
    store("h3", entry("c", { memberId: "m2" }));
    cache.invalidate("member:m1");
    expect([cache.get("h1"), cache.get("h2"), cache.get("h3")]).toEqual([undefined, undefined, "c"]);
  });

  it("keeps its entries on an account's list change (an authentication change is also announced by token or member)", () => {
    const { cache, entry, store } = setup();
    store("h1", entry("a"));
    const generation = cache.generation;
    cache.invalidate("account:acct-1");
    expect(cache.get("h1")).toBe("a");
    expect(cache.generation).toBe(generation);
  });

  it.each(["all", "", "role:r1", "token:", "account:", "something new"])("drops everything on %j (a change it cannot narrow down)", (subject) => {
    const { cache, entry, store } = setup();
    store("h1", entry("a"));
    store("h2", entry("b", { memberId: "m2" }));
    cache.invalidate(subject);
    expect(cache.size).toBe(0);
  });

  it("does not store a lookup that began before a change was announced (it may have read the old state)", () => {
    const { cache, entry } = setup();
    const generation = cache.generation; // the lookup starts…
    cache.invalidate("token:t-unrelated"); // …a change commits and is announced…
    cache.set("h1", entry("stale"), generation); // …and the lookup's result arrives.
    expect(cache.get("h1")).toBeUndefined();
  });

  it("does not store a lookup that began before trust was lost or regained", () => {
    const { cache, entry } = setup();
    const generation = cache.generation;
    cache.setTrusted(false);
    cache.setTrusted(true);
    cache.set("h1", entry("a"), generation);
    expect(cache.get("h1")).toBeUndefined();
  });

  it("never serves an entry at or after its secret's or token's expiry (grace periods end on time)", () => {
    const { cache, entry, store, advance, now } = setup();
    store("h1", entry("a", { expiresAt: now() + 5_000 }));
    advance(4_999);
    expect(cache.get("h1")).toBe("a");
    advance(1);
    expect(cache.get("h1")).toBeUndefined();
  });

  it("re-reads an entry after its maximum age even without a notification", () => {
    const { cache, entry, store, advance } = setup({ maxAgeMs: 10_000 });
    store("h1", entry("a"));
    advance(9_999);
    expect(cache.get("h1")).toBe("a");
    advance(1);
    expect(cache.get("h1")).toBeUndefined();
  });

  it("holds at most maxEntries, dropping the oldest", () => {
    const { cache, entry, store } = setup({ maxEntries: 2 });
    store("h1", entry("a"));
    store("h2", entry("b"));
    store("h3", entry("c"));
    expect(cache.size).toBe(2);
    expect([cache.get("h1"), cache.get("h2"), cache.get("h3")]).toEqual([undefined, "b", "c"]);
  });
});
