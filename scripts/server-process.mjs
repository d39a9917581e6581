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
// MALLOC_MMAP_THRESHOLD_=4194304: glibc's malloc raises its mmap threshold to the size of any
//   large block freed, up to 32 MB. The first password hash (scrypt: 16 MB from OpenSSL, on a libuv
//   worker thread) raises it to 16 MB, and from then on every worker thread that hashes a
//   password keeps its own 16 MB in its malloc arena for good: up to 64 MB for the four threads.
//   A fixed threshold of 4 MB returns such blocks to the system when freed. (glibc's default of
//   128 KiB, fixed, does too, but then every render's larger buffers are mapped and faulted in
//   afresh: about 10 % more CPU for a console page.)
//
// --wasm-num-compilation-tasks=1: the embedded database is PostgreSQL compiled to WebAssembly
//   (9 MB), which V8 compiles on its worker threads, once when it opens and again function by
//   function as they become hot; each compiling thread kept what the compiler had used in its own
//   malloc arena. One compilation task keeps 10–30 MB less, with the same optimised code (the
//   queries cost the same CPU). Without the embedded database it changes nothing.
//
// The MALLOC_ setting is glibc's; other C libraries ignore it. (MALLOC_ARENA_MAX=2 saved a little
// more for the embedded database but cost the console's pages CPU: not taken.)
export const SERVER_NODE_FLAGS = ["--heap-growing-percent=50", "--wasm-num-compilation-tasks=1"];
export const SERVER_ENV = { MALLOC_MMAP_THRESHOLD_: "4194304" };
