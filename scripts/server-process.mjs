// How the production server's process is started: `npm start` (scripts/start.mjs) and
// `npm run bench` (scripts/bench/server.mjs) both run `node <SERVER_NODE_FLAGS> dist/server.mjs`
// with SERVER_ENV under the caller's environment. Both settings keep the server's resident memory
// near what it actually uses, at no measurable cost in CPU (docs/benchmarks.md, "Memory"):
//
// --heap-growing-percent=50: after each full garbage collection V8 lets the old generation grow
//   to 1.5 × what survived before it collects again. By default it picks the factor itself, up to
//   4 × on a machine with more than 2 GB for the heap, so a server with 60–100 MB of live objects
//   sat at 250–350 MB of heap, nearly all of it garbage waiting for a collection. Not a limit: the
//   heap still grows as far as the live data needs (the ceiling stays V8's default).
//
// MALLOC_MMAP_THRESHOLD_=131072: glibc's malloc raises its mmap threshold to the size of any large
//   block freed, up to 32 MB. The first password hash (scrypt: 16 MB from OpenSSL, on a libuv
//   worker thread) raises it to 16 MB, and from then on every worker thread that hashes a
//   password keeps its own 16 MB in its malloc arena for good: up to 64 MB for the four threads.
//   A fixed threshold (glibc's default, 128 KiB) returns such blocks to the system when freed.
//
// MALLOC_ARENA_MAX=2 and --wasm-num-compilation-tasks=1: the embedded database is PostgreSQL
//   compiled to WebAssembly (9 MB), which V8 compiles on its worker threads, once when it opens
//   and again function by function as they become hot. Each compiling thread took its own malloc
//   arena (glibc makes up to 8 per core) and kept what the compiler had used in it: 40–60 MB.
//   One compilation task and two arenas keep 20–40 MB less, with the same optimised code (the
//   queries cost the same CPU). Without the embedded database these two change nothing.
//
// The MALLOC_ settings are glibc's; other C libraries ignore them.
export const SERVER_NODE_FLAGS = ["--heap-growing-percent=50", "--wasm-num-compilation-tasks=1"];
export const SERVER_ENV = { MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_ARENA_MAX: "2" };
