import { describe, expect, it } from "vitest";
import { AccountCache } from "./account-cache";

const bytes = (text: string) => new TextEncoder().encode(text);
/** What is stored under `key`, as text. */
const textOf = (body: Uint8Array<ArrayBuffer> | undefined) => (body === undefined ? undefined : new TextDecoder().decode(body));

function setup(options: { maxBytes?: number; maxAgeMs?: number } = {}) {
  let now = 1_000_000;
  const cache = new AccountCache({ maxBytes: options.maxBytes ?? 1_000, maxAgeMs: options.maxAgeMs ?? 60_000, now: () => now });
  cache.setTrusted(true);
  const store = (key: string, account: string, body: string) => cache.set(key, account, bytes(body), cache.generation);
  return { cache, store, advance: (ms: number) => (now += ms) };
}

describe("the cache of per-account answers", () => {
  it("serves what was stored under its key, and nothing under another", () => {
    const { cache, store } = setup();
    store("caller-1 page-1", "a1", '{"items":[1]}');
    expect(textOf(cache.get("caller-1 page-1"))).toBe('{"items":[1]}');
    expect(textOf(cache.get("caller-2 page-1"))).toBeUndefined();
  });

  it("serves nothing and stores nothing until it is trusted (notifications arriving)", () => {
    const cache = new AccountCache({ maxBytes: 1_000, maxAgeMs: 60_000 });
    cache.set("k", "a1", bytes("{}"), cache.generation);
    expect(textOf(cache.get("k"))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("forgets everything when notifications may have been missed, and when they resume", () => {
    const { cache, store } = setup();
    store("k", "a1", "{}");
    cache.setTrusted(false);
    expect(textOf(cache.get("k"))).toBeUndefined();
    cache.setTrusted(true);
    expect(textOf(cache.get("k"))).toBeUndefined();
  });

  it("drops an account's answers when its data changes, and only those", () => {
    const { cache, store } = setup();
    store("k1", "a1", "one");
    store("k2", "a1", "two");
    store("k3", "a2", "three");
    cache.invalidate("account:a1");
    expect([textOf(cache.get("k1")), textOf(cache.get("k2")), textOf(cache.get("k3"))]).toEqual([undefined, undefined, "three"]);
    expect(cache.bytes).toBe("three".length);
  });

  it("leaves answers alone on token and member notifications (their account is announced with them)", () => {
    const { cache, store } = setup();
    store("k1", "a1", "one");
    const generation = cache.generation;
    cache.invalidate("token:t1");
    cache.invalidate("member:m1");
    expect(textOf(cache.get("k1"))).toBe("one");
    expect(cache.generation).toBe(generation);
  });

  it.each(["all", "", "account:", "role:r1", "something new"])("drops everything on %j (a change it cannot narrow down)", (subject) => {
    const { cache, store } = setup();
    store("k1", "a1", "one");
    store("k2", "a2", "two");
    cache.invalidate(subject);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("does not store an answer built before a change was announced (it may show the old state)", () => {
    const { cache } = setup();
    const generation = cache.generation;
    cache.invalidate("account:a2"); // any account: the generation is one for all
    cache.set("k", "a1", bytes("stale"), generation);
    expect(textOf(cache.get("k"))).toBeUndefined();
  });

  it("does not store an answer built before trust was lost or regained", () => {
    const { cache } = setup();
    const generation = cache.generation;
    cache.setTrusted(false);
    cache.setTrusted(true);
    cache.set("k", "a1", bytes("stale"), generation);
    expect(textOf(cache.get("k"))).toBeUndefined();
  });

  it("never serves an answer at or after maxAgeMs (a lost notification cannot keep it forever)", () => {
    const { cache, store, advance } = setup({ maxAgeMs: 1_000 });
    store("k", "a1", "body");
    advance(999);
    expect(textOf(cache.get("k"))).toBe("body");
    advance(1);
    expect(textOf(cache.get("k"))).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it("holds at most maxBytes of bodies, dropping the oldest first", () => {
    const { cache, store } = setup({ maxBytes: 800 });
    for (const key of ["k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"]) store(key, "a1", "x".repeat(100));
    expect(cache.bytes).toBe(800);
    store("k9", "a1", "z".repeat(100));
    expect(cache.bytes).toBe(800);
    expect(textOf(cache.get("k1"))).toBeUndefined();
    expect(textOf(cache.get("k2"))).toBe("x".repeat(100));
    expect(textOf(cache.get("k9"))).toBe("z".repeat(100));
  });

  it("replaces an answer stored again under the same key without counting it twice", () => {
    const { cache, store } = setup();
    store("k", "a1", "first");
    store("k", "a1", "second!");
    expect(textOf(cache.get("k"))).toBe("second!");
    expect(cache.bytes).toBe("second!".length);
    expect(cache.size).toBe(1);
  });

  it("never stores a body larger than an eighth of its budget (one answer cannot empty it)", () => {
    const { cache, store } = setup({ maxBytes: 800 });
    store("small", "a1", "x".repeat(100));
    store("big", "a1", "x".repeat(101));
    expect(textOf(cache.get("big"))).toBeUndefined();
    expect(textOf(cache.get("small"))).toBe("x".repeat(100));
  });
});
