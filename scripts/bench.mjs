// `npm run bench`: Tollgate's hot paths measured as ratios against baselines served by the same
// production server in the same run, on the embedded database and on PostgreSQL. A benchmark,
// not a test: it prints its tables, writes them to docs/benchmarks.md, and exits 0 whatever the
// figures (it fails only when it cannot run). Settings (environment):
//   BENCH_DATABASES   pglite,postgres   which databases (PostgreSQL is skipped when it does not answer)
//   BENCH_ROUNDS      5                 rounds; every case runs once per round, medians are reported
//   BENCH_DURATION    5                 seconds per load run
//   BENCH_WARMUP      3                 seconds of warm-up per case before the rounds
//   BENCH_CONNECTIONS 20                connections, the same for every case
//   BENCH_UNLEASH     1                 0 skips the Unleash comparison
//   BENCH_CASES       (all)             e.g. floor,me,bad: only these cases (for working on one)
//   BENCH_MEMORY_LOG  0                 1 logs the server's memory once started and after every case run
//   BENCH_NODE_ARGS   (none)            Node flags for the server, after `npm start`'s own (scripts/server-process.mjs);
//                                       MALLOC_* and GLIBC_TUNABLES reach it too, to try allocator settings
//   BENCH_PORT        3917              the server's port (Unleash gets the next one)
//   BENCH_DB          tollgate_bench    the database the bench creates (and drops) on the PostgreSQL server
//   BENCH_UNLEASH_DB  tollgate_bench_unleash   Unleash's database there (scripts/bench/unleash.mjs)
//   DATABASE_URL      (127.0.0.1:5432)  PostgreSQL server; the bench uses its own databases on it
//
// A case is a load job with a label, the status it must answer and, when it has a budget, the
// case it is measured against (`vs`: the same server with the feature off, or the page nearest it)
// and how: `min` (at least this share of the other's requests/s) or `max` (costs at most this
// many times the other's time). A new hot-path feature adds one entry to `defineCases`.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { ensureBuild, root } from "./ensure-build.mjs";
import { report, writeDoc } from "./bench/report.mjs";
import { seed, signIn, startServer } from "./bench/server.mjs";

const setting = (name, fallback) => Number(process.env[name] ?? fallback);
const ROUNDS = setting("BENCH_ROUNDS", 5);
const DURATION = setting("BENCH_DURATION", 5);
const WARMUP = setting("BENCH_WARMUP", 3);
const CONNECTIONS = setting("BENCH_CONNECTIONS", 20);
const DATABASES = (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",").map((s) => s.trim());
const PG_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const BENCH_DB = process.env.BENCH_DB ?? "tollgate_bench";
const PORT = setting("BENCH_PORT", 3917);
/** Peak resident memory the server may reach over the whole run. */
const MEMORY_BUDGET_MB = 300;
const OFFSET_FAR = 9_000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const log = (message) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** One autocannon run in a separate process (scripts/bench/load.mjs). */
function load(job) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "scripts", "bench", "load.mjs"), JSON.stringify({ connections: CONNECTIONS, ...job })], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`the load run failed (exit ${code})`))));
  });
}

/** A token with a valid shape whose checksum is wrong: refused before any database work. */
function badChecksum(token) {
  const i = 10;
  return token.slice(0, i) + (token[i] === "a" ? "b" : "a") + token.slice(i + 1);
}

async function postgresAnswers() {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query("show server_version");
    return rows[0].server_version;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh, empty database for the bench on the PostgreSQL server (never the one DATABASE_URL names). */
async function freshPostgresDatabase(name) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function vacuumAnalyze(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("vacuum (analyze)").finally(() => client.end());
}

async function dropPostgresDatabase(name) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`).finally(() => client.end());
}

/** The cases, each a load job with its label, expected status class and budget (see the top). */
function defineCases(url, data, cookies, cursorFar) {
  const token = { authorization: data.large.apiToken };
  const list = (position) => `${url}/api/v2/tokens?limit=25&${position}&showAll=true`;
  const far = OFFSET_FAR.toLocaleString("en");
  return {
    floor: { url: `${url}/api/v2`, label: "`GET /api/v2` (no token): the floor", expect: "2xx" },
    me: { url: `${url}/api/v2/members/me`, headers: token, label: "`GET /api/v2/members/me`, valid token", expect: "2xx", vs: "floor", min: 0.8 },
    bad: { url: `${url}/api/v2/members/me`, headers: { authorization: badChecksum(data.large.apiToken) }, label: "same, bad-checksum token (401)", expect: "4xx", vs: "floor", min: 0.95, noQueries: true },
    list: { url: `${url}/api/v2/tokens?limit=25`, headers: { authorization: data.small.apiToken }, label: "`GET /api/v2/tokens?limit=25`, an admin with a few tokens", expect: "2xx", items: true, vs: "listDb", min: 2 },
    // The rest of the token-list cases run on the same server with its answer cache off: they
    // measure the database path, which every first request of a page takes.
    listDb: { url: `${url}/api/v2/tokens?limit=25`, headers: { authorization: data.small.apiToken }, label: "same, every answer from the database", expect: "2xx", items: true, uncached: true },
    offset0: { url: list("offset=0"), headers: token, label: "`GET /api/v2/tokens?limit=25&showAll=true`, 10,000 tokens, offset 0, from the database", expect: "2xx", items: 25, uncached: true },
    offsetFar: { url: list(`offset=${OFFSET_FAR}`), headers: token, label: `same, offset ${far}`, expect: "2xx", items: 25, vs: "offset0", max: 1.5, uncached: true },
    afterFar: { url: list(`after=${cursorFar}`), headers: token, label: `same, \`after\` cursor at ${far} (what \`_links.next\` leads to)`, expect: "2xx", items: 25, vs: "offset0", max: 1.5, uncached: true },
    pageSmall: { url: `${url}/settings/authorization?showAll=1`, headers: { cookie: cookies.small }, label: "Authorization page, 10-token account", expect: "2xx", page: true },
    pageLarge: { url: `${url}/settings/authorization?showAll=1`, headers: { cookie: cookies.large }, label: "Authorization page, 10,000-token account", expect: "2xx", page: true, vs: "pageSmall", max: 1.5 },
    writes: { url: `${url}/api/v2/tokens`, headers: token, kind: "create-delete", label: "`POST /api/v2/tokens` then `DELETE` (requests/s of both)", expect: "2xx" },
  };
}

/** The `after` cursor of the page that starts at `offset` (from `_links.next` of the row before it). */
async function cursorAt(url, token, offset) {
  const response = await fetch(`${url}/api/v2/tokens?limit=1&offset=${offset - 1}&showAll=true`, { headers: { authorization: token } });
  const body = await response.json();
  const after = body._links?.next ? new URL(body._links.next.href, url).searchParams.get("after") : null;
  if (!after) throw new Error(`no cursor at offset ${offset}: ${JSON.stringify(body).slice(0, 300)}`);
  return after;
}

/** Checks each case answers what it should before it is timed (a benchmark of 401s proves nothing). */
async function sanityCheck(jobs) {
  for (const [id, job] of Object.entries(jobs)) {
    if (job.kind === "create-delete") continue;
    const response = await fetch(job.url, { headers: job.headers ?? {}, redirect: "manual" });
    const body = await response.text();
    const items = job.items ? JSON.parse(body).items.length : 0;
    const ok =
      id === "bad"
        ? response.status === 401
        : response.status === 200 && (job.page ? body.includes("Access tokens") : job.items === true ? items > 0 : job.items ? items === job.items : true);
    if (!ok) throw new Error(`${id} answered ${response.status}: ${body.slice(0, 300)}`);
  }
}

/** Five creations and deletions one after another: exactly one history row each, counted exactly. */
async function checkHistoryWrites(url, token) {
  const rows = async () => (await historyCount(url, token, "tokenCreated")) + (await historyCount(url, token, "tokenDeleted"));
  const before = await rows();
  for (let i = 0; i < 5; i++) {
    const created = await fetch(`${url}/api/v2/tokens`, {
      method: "POST",
      headers: { authorization: token, "content-type": "application/json" },
      body: JSON.stringify({ name: `history check ${i}`, role: "reader" }),
    });
    const { _id } = await created.json();
    const deleted = await fetch(`${url}/api/v2/tokens/${_id}`, { method: "DELETE", headers: { authorization: token } });
    if (created.status !== 201 || deleted.status !== 204) throw new Error(`history check: ${created.status} / ${deleted.status}`);
  }
  return { changes: 10, rows: (await rows()) - before };
}

async function historyCount(url, token, action) {
  const response = await fetch(`${url}/api/v2/auditlog?limit=1&action=${action}`, { headers: { authorization: token } });
  return (await response.json()).totalCount;
}

/**
 * Runs every case of `group` (those the server with its answer cache on or off answers) once per
 * round (the order rotates), recording throughput, latency, server CPU and queries.
 */
async function measure(server, jobs, data, group) {
  const only = (process.env.BENCH_CASES ?? "").split(",").filter(Boolean);
  const ids = Object.keys(jobs).filter((id) => (only.length === 0 || only.includes(id)) && Boolean(jobs[id].uncached) === (group === "uncached"));
  if (ids.length === 0) return { runs: {}, queries: {}, history: { created: 0, deleted: 0, writes: 0 }, memory: { peakMb: 0, peakCase: null } };
  const runs = Object.fromEntries(ids.map((id) => [id, []]));
  const queries = Object.fromEntries(ids.map((id) => [id, { queries: 0, requests: 0 }]));
  const history = { created: 0, deleted: 0, writes: 0 };

  // The server's memory after every load run: which case raised the peak last (the report names
  // it), and with BENCH_MEMORY_LOG=1 a log line each time.
  const memory = { peakMb: server.memory().peakMb, peakCase: "start-up and sign-in" };
  const memoryLine = async (id, what) => {
    const { rssMb, peakMb } = server.memory();
    if (peakMb > memory.peakMb) Object.assign(memory, { peakMb, peakCase: id });
    if (process.env.BENCH_MEMORY_LOG !== "1") return;
    const { memory: v8 } = await server.stats();
    const mb = (bytes) => Math.round(bytes / 2 ** 20);
    log(`memory ${what}: resident ${Math.round(rssMb)} MB (peak ${Math.round(peakMb)}), V8 heap ${mb(v8.heapUsed)} of ${mb(v8.heapTotal)} MB, external ${mb(v8.external)} MB (array buffers ${mb(v8.arrayBuffers)})`);
  };
  await memoryLine(null, "at rest, signed in");

  log(`warm-up: ${WARMUP} s per case`);
  for (const id of ids) {
    await load({ ...jobs[id], duration: WARMUP });
    await memoryLine(id, `after warming ${id}`);
  }

  for (let round = 0; round < ROUNDS; round++) {
    const order = ids.map((_, i) => ids[(i + round) % ids.length]);
    for (const id of order) {
      const before = { cpu: server.cpuMs(), queries: await server.queryCount() };
      const created = id === "writes" ? await historyCount(server.url, data.large.apiToken, "tokenCreated") : 0;
      const deleted = id === "writes" ? await historyCount(server.url, data.large.apiToken, "tokenDeleted") : 0;
      const result = await load({ ...jobs[id], duration: DURATION });
      const cpu = server.cpuMs() - before.cpu;
      const sent = (await server.queryCount()) - before.queries;
      if (queries[id]) {
        queries[id].queries += sent;
        queries[id].requests += result.total;
      }
      if (id === "writes") {
        history.created += (await historyCount(server.url, data.large.apiToken, "tokenCreated")) - created;
        history.deleted += (await historyCount(server.url, data.large.apiToken, "tokenDeleted")) - deleted;
        history.writes += result.statuses["2xx"] ?? 0;
      }
      runs[id].push({ ...result, cpuUsPerRequest: result.total ? (cpu * 1000) / result.total : 0 });
      await memoryLine(id, `after ${id} (round ${round + 1})`);
    }
    log(`round ${round + 1}/${ROUNDS}: ` + ids.map((id) => `${id} ${Math.round(runs[id].at(-1).rps)}/s`).join(", "));
  }
  return { runs, queries, history, memory };
}

function summarize(runs, jobs) {
  return Object.fromEntries(
    Object.entries(runs).map(([id, list]) => {
      const unexpected = list.reduce((n, r) => n + r.errors + Object.entries(r.statuses).filter(([k]) => k !== jobs[id].expect).reduce((m, [, v]) => m + v, 0), 0);
      return [
        id,
        {
          rps: median(list.map((r) => r.rps)),
          p50: median(list.map((r) => r.p50)),
          p99: median(list.map((r) => r.p99)),
          cpu: median(list.map((r) => r.cpuUsPerRequest)),
          unexpected,
        },
      ];
    }),
  );
}

async function benchDatabase(kind, unleashModule) {
  const dataDir = kind === "pglite" ? mkdtempSync(path.join(os.tmpdir(), "tollgate-bench-")) : null;
  const dbEnv = kind === "pglite" ? { TOLLGATE_DATA_DIR: dataDir } : { DATABASE_URL: await freshPostgresDatabase(BENCH_DB) };
  const env = {
    ...dbEnv,
    TOLLGATE_DEMO: "false",
    AUTH_SECRET: randomBytes(32).toString("base64"),
    // The per-token and failed-authentication limits would otherwise answer 429 within a second:
    // the bench measures the work behind them, not the refusal.
    TOLLGATE_API_RATE_LIMIT: "10000000",
    TOLLGATE_API_FAILED_AUTH_LIMIT: "10000000",
  };
  let server;
  try {
    log(`${kind}: seeding 10,000 tokens across 200 members through the domain layer…`);
    const data = await seed(env);
    log(`${kind}: seeded in ${data.seconds.toFixed(0)} s`);
    // A deployment's autovacuum would long since have analyzed a table that grew to 10,000 rows
    // (some PostgreSQL servers, like this project's CI one, run with it off); the embedded
    // database does the same itself (db/maintenance.ts).
    if (kind === "postgres") await vacuumAnalyze(dbEnv.DATABASE_URL);
    server = await startServer(PORT, env);
    const startedMb = server.memory().rssMb;
    if (process.env.BENCH_MEMORY_LOG === "1") log(`${kind}: memory once started: resident ${Math.round(startedMb)} MB`);
    const cookies = {
      large: await signIn(server.url, data.large.admin.email, data.large.admin.password),
      small: await signIn(server.url, data.small.admin.email, data.small.admin.password),
    };
    const jobs = defineCases(server.url, data, cookies, await cursorAt(server.url, data.large.apiToken, OFFSET_FAR));
    await sanityCheck(jobs);
    const historyCheck = await checkHistoryWrites(server.url, data.large.apiToken);
    const measured = await measure(server, jobs, data, "cached");
    let unleash = null;
    if (kind === "postgres" && unleashModule) unleash = await compareWithUnleash(unleashModule, jobs);
    const memory = { ...server.memory(), ...(await server.stats()).memory, startedMb, peakCase: measured.memory.peakCase };
    await server.stop();

    // The same server with its answer cache off (TOLLGATE_ANSWER_CACHE=false), on the same data.
    log(`${kind}: the same server with TOLLGATE_ANSWER_CACHE=false…`);
    server = await startServer(PORT, { ...env, TOLLGATE_ANSWER_CACHE: "false" });
    const uncached = await measure(server, jobs, data, "uncached");
    if (uncached.memory.peakMb > memory.peakMb) Object.assign(memory, { peakMb: uncached.memory.peakMb, peakCase: `${uncached.memory.peakCase} (answer cache off)` });
    const summary = summarize({ ...measured.runs, ...uncached.runs }, jobs);
    const queries = { ...measured.queries, ...uncached.queries };
    return { kind, jobs, summary, queries, history: measured.history, historyCheck, memory, unleash };
  } finally {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (kind === "postgres") await dropPostgresDatabase(BENCH_DB).catch(() => {});
  }
}

/** Unleash's token-authenticated admin API beside ours: each pair alternates, same connections and durations. */
async function compareWithUnleash(module, jobs) {
  let unleash;
  try {
    log("unleash: starting unleash-server on its own database…");
    unleash = await module.startUnleash({ pgUrl: PG_URL, port: PORT + 1, log });
    const pairs = {
      me: { ours: jobs.me, theirs: { url: `${unleash.url}${unleash.paths.user}`, headers: { authorization: unleash.token } }, label: "`GET /api/admin/user`" },
      list: { ours: jobs.list, theirs: { url: `${unleash.url}${unleash.paths.tokens}`, headers: { authorization: unleash.token } }, label: "`GET /api/admin/api-tokens`" },
    };
    const results = {};
    for (const [id, pair] of Object.entries(pairs)) {
      await load({ ...pair.theirs, duration: WARMUP });
      await load({ ...pair.ours, duration: WARMUP });
      const runs = { ours: [], theirs: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of round % 2 ? ["theirs", "ours"] : ["ours", "theirs"]) runs[side].push(await load({ ...pair[side], duration: DURATION }));
        log(`unleash ${id} round ${round + 1}/${ROUNDS}: Tollgate ${Math.round(runs.ours.at(-1).rps)}/s, Unleash ${Math.round(runs.theirs.at(-1).rps)}/s`);
      }
      results[id] = { label: pair.label, ...summarize(runs, { ours: { expect: "2xx" }, theirs: { expect: "2xx" } }) };
    }
    return results;
  } catch (error) {
    log(`Unleash case skipped: ${error.message}`);
    return { skipped: error.message };
  } finally {
    await unleash?.stop().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------

ensureBuild();
const machine = {
  date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  command: ["npm run bench", ...["BENCH_DATABASES", "BENCH_ROUNDS", "BENCH_DURATION", "BENCH_WARMUP", "BENCH_CONNECTIONS"].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`)].reverse().join(" "),
  postgres: null,
};
const results = [];
const skipped = [];
for (const kind of DATABASES) {
  if (kind === "postgres") {
    machine.postgres = await postgresAnswers();
    if (!machine.postgres) {
      skipped.push(`PostgreSQL skipped: nothing answered at ${new URL(PG_URL).host}`);
      log(skipped.at(-1));
      continue;
    }
  }
  const unleash = kind === "postgres" && process.env.BENCH_UNLEASH !== "0" ? await import("./bench/unleash.mjs") : null;
  results.push(await benchDatabase(kind, unleash));
}
const text = report(results, machine, skipped, { rounds: ROUNDS, duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, memoryBudgetMb: MEMORY_BUDGET_MB });
console.log(`\n${text}\n`);
log(`written to ${writeDoc(text)}`);
