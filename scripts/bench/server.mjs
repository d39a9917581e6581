// The processes `npm run bench` starts and reads: the production server, the seed, sign-in.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { root, serverBundle } from "../ensure-build.mjs";
import { SERVER_ENV, SERVER_NODE_FLAGS } from "../server-process.mjs";

const TSX = path.join(root, "node_modules", ".bin", "tsx");
const OUTPUT_KEPT = 64 * 1024;

/** Runs scripts/bench/seed.ts against the database in `env` and returns what it printed (JSON). */
export function seed(env) {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, ...env };
    // The embedded run seeds its data directory, never the PostgreSQL server DATABASE_URL names
    // for the bench's own databases (the server gets a clean environment; the seed must too).
    if (env.TOLLGATE_DATA_DIR) delete childEnv.DATABASE_URL;
    const child = spawn(TSX, [path.join(root, "scripts", "bench", "seed.ts")], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`the seed failed (exit ${code})`));
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1)));
      } catch {
        reject(new Error(`the seed printed no result: ${out}`));
      }
    });
  });
}

/**
 * Starts `node dist/server.mjs` as `npm start` does (scripts/server-process.mjs) with `env`, waits for its API root, and
 * returns helpers to read its query counter (TOLLGATE_BENCH's SIGUSR2), its CPU time and its memory.
 */
export async function startServer(port, env) {
  // Another server on the port (a run that crashed) would answer in its place.
  if (await fetch(`http://127.0.0.1:${port}/api/v2`).then(() => true, () => false)) {
    throw new Error(`something already answers on port ${port}: stop it, or set BENCH_PORT`);
  }
  // The process settings `npm start` gives the server (scripts/server-process.mjs), then any
  // Node flags or malloc settings being tried (BENCH_NODE_ARGS, MALLOC_*, GLIBC_TUNABLES).
  const extraArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extraArgs, serverBundle], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      ...SERVER_ENV,
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("MALLOC_") || k === "GLIBC_TUNABLES")),
      // Node settings reach the server as they would reach `npm start` (e.g. --max-old-space-size).
      ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      TOLLGATE_BENCH: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // What it printed last (for an error message): a log line per request adds up to gigabytes.
  let output = "";
  const keep = (chunk) => (output = (output + chunk).slice(-OUTPUT_KEPT));
  const waiting = [];
  let partial = "";
  const onData = (chunk) => {
    keep(chunk);
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("tollgate-bench ")) waiting.shift()?.(JSON.parse(line.slice("tollgate-bench ".length)));
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    if (await fetch(`${url}/api/v2`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid,
    output: () => output,
    /** What the server reports about itself: statements sent to its database so far, process.memoryUsage(). */
    stats: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.kill("SIGUSR2");
      }),
    /** Statements the server has sent to its database so far. */
    queryCount: () =>
      new Promise((resolve) => {
        waiting.push((stats) => resolve(stats.queries));
        child.kill("SIGUSR2");
      }),
    cpuMs: () => processCpuMs(child.pid),
    memory: () => processMemory(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** User + system CPU time of a process, in ms (Linux /proc; clock ticks are 100 Hz there). */
export function processCpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory now and at its peak (VmHWM), in MB. */
export function processMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** Signs in through next-auth's credentials endpoint (what the sign-in form calls); returns the Cookie header. */
export async function signIn(url, email, password) {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const pairs = (response) => response.headers.getSetCookie().map((c) => c.split(";")[0]);
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: pairs(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = pairs(response).find((c) => c.includes("session-token="));
  if (!session) throw new Error(`could not sign in as ${email} (${response.status})`);
  return session;
}
