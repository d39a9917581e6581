import { constants } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { glibcMallocTrim, startMemoryTrim, trimAfterCollections, trimPolicy, type MemoryTrimmer } from "./memory";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function residentMb(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}

const { NODE_PERFORMANCE_GC_MAJOR: FULL, NODE_PERFORMANCE_GC_MINOR: SCAVENGE, NODE_PERFORMANCE_GC_INCREMENTAL: INCREMENTAL } = constants;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("trimPolicy", () => {
  it("trims after a scavenge or a full collection, on the next turn of the event loop, and not after incremental marking", async () => {
    let calls = 0;
    const policy = trimPolicy(() => void calls++, { minIntervalMs: 0 });
    policy.collected([INCREMENTAL, INCREMENTAL]);
    await nextTurn();
    expect(calls, "marking steps free nothing").toBe(0);
    policy.collected([INCREMENTAL, FULL]);
    expect(calls, "not inside the collection's callback").toBe(0);
    await nextTurn();
    expect(calls).toBe(1);
    policy.collected([SCAVENGE]);
    await nextTurn();
    expect(calls, "a scavenge frees the young generation's buffers").toBe(2);
    expect(policy.trims).toBe(2);
  });

  it("trims at most once per interval however often the heap is collected", async () => {
    let clock = 0;
    let calls = 0;
    const policy = trimPolicy(() => void calls++, { minIntervalMs: 1000, now: () => clock });
    policy.collected([FULL]);
    policy.collected([SCAVENGE]);
    await nextTurn();
    policy.collected([SCAVENGE, SCAVENGE]);
    await nextTurn();
    expect(calls).toBe(1);
    clock += 999;
    policy.collected([FULL]);
    await nextTurn();
    expect(calls).toBe(1);
    clock += 1;
    policy.collected([FULL]);
    await nextTurn();
    expect(calls).toBe(2);
  });

  it("starts no trim while one is still running, and counts the interval from its end", async () => {
    let clock = 0;
    let finish = () => {};
    let calls = 0;
    const policy = trimPolicy(
      () => {
        calls++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { minIntervalMs: 1000, now: () => clock },
    );
    policy.collected([FULL]);
    await nextTurn();
    clock += 5000;
    policy.collected([FULL]);
    await nextTurn();
    expect(calls, "the first trim has not finished").toBe(1);
    finish();
    await nextTurn();
    policy.collected([FULL]);
    await nextTurn();
    expect(calls, "it finished less than the interval ago").toBe(1);
    clock += 1000;
    policy.collected([FULL]);
    await nextTurn();
    expect(calls).toBe(2);
  });
});

describe("trimAfterCollections", () => {
  let trimmer: MemoryTrimmer | undefined;
  afterEach(() => trimmer?.stop());

  it("trims after the process's own collections until stopped", async () => {
    let calls = 0;
    trimmer = trimAfterCollections(() => void calls++, { minIntervalMs: 0 });
    gc();
    // Polled: Node hands observers their entries on a later turn of the event loop.
    await vi.waitFor(() => expect(calls).toBeGreaterThan(0), { timeout: 4000, interval: 5 });
    expect(trimmer.trims).toBe(calls);
    trimmer.stop();
    const stoppedAt = calls;
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(stoppedAt);
  });
});

/** 256 MB in 64 KB buffers, all alive at once; returns every 32nd, the rest is garbage. */
function allocateAllThenKeepSome(): Buffer[] {
  const all = Array.from({ length: 4096 }, (_, i) => Buffer.allocUnsafeSlow(64 * 1024).fill(i & 0xff));
  return all.filter((_, i) => i % 32 === 31);
}

describe.runIf(process.platform === "linux")("glibcMallocTrim", () => {
  it("gives the system back the pages of freed buffers that later allocations keep inside malloc's heap", async () => {
    const trim = await glibcMallocTrim();
    expect(trim, "glibc's malloc_trim is reachable on this machine").not.toBeNull();
    // 256 MB in 64 KB buffers (malloc's heap, below its mmap threshold), every 32nd kept: the
    // kept ones sit above the freed ones, so malloc cannot give the freed pages back by itself.
    const kept = allocateAllThenKeepSome();
    gc();
    // V8 frees buffers' memory after the collection, on its own threads: wait until it is done.
    await vi.waitFor(() => expect(process.memoryUsage().arrayBuffers).toBeLessThan(64 * 2 ** 20), { timeout: 4000, interval: 5 });
    const before = residentMb();
    await trim!();
    const after = residentMb();
    expect(kept).toHaveLength(128);
    expect(before - after, `resident ${before.toFixed(0)} MB before the trim, ${after.toFixed(0)} MB after`).toBeGreaterThan(100);
  });

  it("is what the server starts: it trims after the process's collections", async () => {
    const trimmer = await startMemoryTrim();
    try {
      expect(trimmer, "trimming starts on glibc").not.toBeNull();
      gc();
      await vi.waitFor(() => expect(trimmer!.trims).toBeGreaterThan(0), { timeout: 4000, interval: 5 });
    } finally {
      trimmer?.stop();
    }
  });
});
