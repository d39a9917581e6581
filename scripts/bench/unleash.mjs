// The Unleash case of `npm run bench`: Unleash (npm `unleash-server`), installed on demand into
// <repo>/.bench/unleash/ (git-ignored; it is ~190 MB, so it is not a project dependency), started as
// its own process on a fresh PostgreSQL database with an admin API token.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The last unleash-server release whose `engines` accepts Node 20 (7.6.x and 8.x need Node >= 22). */
export const UNLEASH_VERSION = "7.5.1";
const DATABASE = process.env.BENCH_UNLEASH_DB ?? "tollgate_bench_unleash";
/** API tokens besides the admin's, so its token list lists a few (as Tollgate's case does). */
const EXTRA_TOKENS = 5;
const READY_TIMEOUT_MS = 120_000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CACHE_DIR = path.join(ROOT, ".bench", "unleash");
const SERVER_JS = path.join(CACHE_DIR, "node_modules", "unleash-server", "dist", "server.js");
const MARKER = path.join(CACHE_DIR, `.installed-${UNLEASH_VERSION}`);

/** Installs unleash-server@UNLEASH_VERSION into CACHE_DIR unless that exact version is already there. */
function ensureInstalled(log) {
  const pkgJson = path.join(CACHE_DIR, "node_modules", "unleash-server", "package.json");
  if (existsSync(MARKER) && existsSync(SERVER_JS) && readVersion(pkgJson) === UNLEASH_VERSION) {
    log(`unleash-server@${UNLEASH_VERSION} already installed in ${path.relative(ROOT, CACHE_DIR)}`);
    return;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  log(`installing unleash-server@${UNLEASH_VERSION} into ${path.relative(ROOT, CACHE_DIR)} (one-off, ~190 MB)…`);
  const started = Date.now();
  // --ignore-scripts: none of its install scripts is needed (es5-ext prints a notice, @scarf/scarf
  // phones home, ssh2/cpu-features try an optional native build), and this makes the result the
  // same whether or not this machine's npm blocks install scripts.
  const result = spawnSync(
    "npm",
    ["install", "--prefix", CACHE_DIR, "--no-audit", "--no-fund", "--ignore-scripts", `unleash-server@${UNLEASH_VERSION}`],
    { cwd: CACHE_DIR, encoding: "utf8", env: { ...process.env, SCARF_ANALYTICS: "false" }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw new Error(`npm install unleash-server@${UNLEASH_VERSION} could not run: ${result.error.message}`);
  if (result.status !== 0 || readVersion(pkgJson) !== UNLEASH_VERSION) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(`npm install unleash-server@${UNLEASH_VERSION} failed (exit ${result.status}):\n${output}`);
  }
  writeFileSync(MARKER, `${new Date().toISOString()}\n`);
  log(`installed unleash-server@${UNLEASH_VERSION} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function readVersion(pkgJson) {
  try {
    return JSON.parse(readFileSync(pkgJson, "utf8")).version;
  } catch {
    return undefined;
  }
}

/** Runs `sql` on the maintenance connection (the database named in pgUrl). */
async function adminQuery(pgUrl, sql) {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts Unleash (npm `unleash-server`) on its own fresh PostgreSQL database, with an admin API token. */
export async function startUnleash({ pgUrl, port, log = () => {} }) {
  ensureInstalled(log);

  const dbUrl = new URL(pgUrl);
  dbUrl.pathname = `/${DATABASE}`;
  dbUrl.search = "";
  try {
    await adminQuery(pgUrl, `drop database if exists ${DATABASE} with (force)`);
    await adminQuery(pgUrl, `create database ${DATABASE}`);
  } catch (error) {
    throw new Error(`could not create database ${DATABASE} on ${new URL(pgUrl).host}: ${error.message}`);
  }
  const dropDatabase = () => adminQuery(pgUrl, `drop database if exists ${DATABASE} with (force)`);

  // Admin tokens given at start-up must look like "*:*.<secret>" (all projects, all environments).
  const token = `*:*.${randomBytes(24).toString("hex")}`;
  const url = `http://127.0.0.1:${port}`;
  // A clean environment (not process.env): stray DATABASE_* / HTTP_* variables of the caller would
  // otherwise be read by Unleash's config too.
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    NODE_ENV: "production",
    TZ: "UTC",
    DATABASE_URL: dbUrl.toString(),
    DATABASE_SSL: "false",
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: String(port),
    UNLEASH_URL: url,
    INIT_ADMIN_API_TOKENS: token,
    CHECK_VERSION: "false",
    SEND_TELEMETRY: "false",
    SCARF_ANALYTICS: "false",
    DO_NOT_TRACK: "1",
    LOG_LEVEL: "warn",
  };

  log(`starting Unleash ${UNLEASH_VERSION} on ${url} (database ${DATABASE})…`);
  const started = Date.now();
  const child = spawn(process.execPath, ["--no-deprecation", SERVER_JS], { cwd: CACHE_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-8_000);
  };
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.on("error", (error) => {
      exited = { error };
      resolve();
    });
  });
  const tail = () => (output.trim() ? `\n--- Unleash output (last lines) ---\n${output.trim().split("\n").slice(-30).join("\n")}` : " (no output)");

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => exited || child.kill("SIGKILL"), 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    await dropDatabase().catch((error) => log(`could not drop database ${DATABASE}: ${error.message}`));
  };

  try {
    // Ready = /health answers 200 (Unleash runs its migrations on the empty database first).
    for (;;) {
      if (exited) {
        const how = exited.error ? exited.error.message : `exit code ${exited.code}${exited.signal ? `, signal ${exited.signal}` : ""}`;
        throw new Error(`Unleash exited before it was ready (${how})${tail()}`);
      }
      if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`Unleash was not ready on ${url}/health after ${READY_TIMEOUT_MS / 1000} s${tail()}`);
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      await sleep(500);
    }
    log(`Unleash ready in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);

    const res = await fetch(`${url}/api/admin/user`, { headers: { Authorization: token }, signal: AbortSignal.timeout(10_000) });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET /api/admin/user with the admin token answered ${res.status}: ${body.slice(0, 300)}${tail()}`);
    for (let i = 0; i < EXTRA_TOKENS; i++) {
      const created = await fetch(`${url}/api/admin/api-tokens`, {
        method: "POST",
        headers: { Authorization: token, "content-type": "application/json" },
        body: JSON.stringify({ tokenName: `bench-${i}`, type: "backend", environment: "development" }),
        signal: AbortSignal.timeout(10_000),
      });
      if (created.status !== 201) throw new Error(`POST /api/admin/api-tokens answered ${created.status}: ${(await created.text()).slice(0, 300)}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return { url, token, pid: child.pid, path: "/api/admin/user", paths: { user: "/api/admin/user", tokens: "/api/admin/api-tokens" }, stop };
}
