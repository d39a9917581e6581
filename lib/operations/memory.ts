import { constants, PerformanceObserver } from "node:perf_hooks";

// Giving memory the process no longer uses back to the operating system.
//
// Node allocates everything outside V8's heap with the C library's malloc: buffers, and the
// compilers' working memory — above all the embedded database's, whose WebAssembly is compiled
// again function by function as it becomes hot (tens of MB that the compiler frees when done).
// glibc keeps freed memory inside its arenas for reuse and gives back only what lies at the top
// of each, so one small allocation made after a compilation holds the pages of the whole
// compilation resident for good. `malloc_trim(0)` returns every free page in every arena.
// Tollgate calls it after a collection of V8's heap — a scavenge of the young generation or a
// full collection: buffers are released with the objects that held them, so that is when the
// process has just freed memory — at most once per `minIntervalMs` (a busy server scavenges many
// times a second). docs/benchmarks.md ("Memory") has the measurements.
//
// Only glibc has malloc_trim; elsewhere (musl, macOS, Windows) this is a no-op.

/** Returns malloc's free pages to the operating system. */
export type TrimMemory = () => void | Promise<void>;

/** True when the process runs on glibc (Linux distributions other than Alpine's musl). */
function onGlibc(): boolean {
  if (process.platform !== "linux") return false;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return typeof report?.header?.glibcVersionRuntime === "string";
}

/** glibc's `malloc_trim(0)` through koffi (a foreign-function interface with prebuilt binaries), or null where there is none. */
export async function glibcMallocTrim(): Promise<TrimMemory | null> {
  if (!onGlibc()) return null;
  try {
    const { load } = await import("koffi");
    const mallocTrim = load("libc.so.6").func("int malloc_trim(size_t pad)");
    // On a worker thread: giving back tens of MB takes tens of milliseconds (the kernel frees
    // every page), which the event loop need not wait for. malloc_trim takes each arena's lock.
    return () => new Promise<void>((resolve) => mallocTrim.async(0, () => resolve()));
  } catch {
    // No prebuilt binary for this machine: the server runs as before, keeping freed memory.
    return null;
  }
}

export type MemoryTrimmer = {
  /** Trims run so far. */
  readonly trims: number;
  stop(): void;
};

type TrimOptions = { minIntervalMs?: number; now?: () => number };

/** The collections that free memory: a scavenge and a full (mark-compact) collection; incremental marking steps free nothing. */
const FREEING = [constants.NODE_PERFORMANCE_GC_MINOR, constants.NODE_PERFORMANCE_GC_MAJOR];

/**
 * The rule: after a collection that frees memory, trim on the next turn of the event loop
 * (outside the collection), at most once per `minIntervalMs` from the end of the last trim, and
 * never two at once. `collected` is told the kinds of the collections just reported (perf_hooks'
 * NODE_PERFORMANCE_GC_* constants).
 */
export function trimPolicy(trim: TrimMemory, { minIntervalMs = 1000, now = () => performance.now() }: TrimOptions = {}) {
  let last = -Infinity;
  let trims = 0;
  let pending = false;
  return {
    get trims() {
      return trims;
    },
    collected(kinds: readonly number[]) {
      if (!kinds.some((kind) => FREEING.includes(kind)) || pending || now() - last < minIntervalMs) return;
      pending = true;
      setImmediate(() => {
        trims++;
        void Promise.resolve(trim()).finally(() => {
          pending = false;
          last = now();
        });
      });
    },
  };
}

/** Applies `trimPolicy` to the process's own garbage collections. */
export function trimAfterCollections(trim: TrimMemory, options: TrimOptions = {}): MemoryTrimmer {
  const policy = trimPolicy(trim, options);
  const observer = new PerformanceObserver((list) =>
    policy.collected(list.getEntries().map((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0)),
  );
  observer.observe({ entryTypes: ["gc"] });
  return {
    get trims() {
      return policy.trims;
    },
    stop: () => observer.disconnect(),
  };
}

/** Starts trimming after collections where the C library allows it; returns null where it does not. */
export async function startMemoryTrim(): Promise<MemoryTrimmer | null> {
  const trim = await glibcMallocTrim();
  return trim ? trimAfterCollections(trim) : null;
}
