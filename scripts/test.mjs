// `npm test`: the whole suite, in order — type-check, lint, unit tests, integration tests on the
// embedded database and on PostgreSQL (when it answers), a production build, then Playwright in
// Chromium against that build, again on both databases. Stops at the first failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureChromium } from "./ensure-browser.mjs";
import { ensurePgbouncer } from "./ensure-pgbouncer.mjs";

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const only = new Set((process.env.TOLLGATE_TEST_ONLY ?? "").split(",").filter(Boolean));
const wants = (step) => only.size === 0 || only.has(step);

function run(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${Math.round((Date.now() - started) / 1000)} s)`);
}

/** Empties the PostgreSQL test database so each run starts from a clean schema. */
async function resetPostgres() {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;");
    return true;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
}

const chromium = ensureChromium();
const postgres = await resetPostgres();
if (postgres !== true) console.warn(`\n⚠ PostgreSQL does not answer at ${POSTGRES_URL} (${postgres.message}): its runs are skipped.`);
const onlyDbs = (process.env.TOLLGATE_TEST_DBS ?? "").split(",").filter(Boolean);
const databases = (postgres === true ? ["pglite", "postgres"] : ["pglite"]).filter((db) => onlyDbs.length === 0 || onlyDbs.includes(db));
// One end-to-end test puts an instance behind PgBouncer (e2e/pooler.spec.ts); only PostgreSQL runs need it.
const pgbouncer = wants("e2e") && databases.includes("postgres") ? ensurePgbouncer() : null;

if (wants("typecheck")) run("Type-check", "npx", ["tsc", "--noEmit"]);
if (wants("lint")) {
  run("Lint", "npx", ["eslint", "--max-warnings=0", "."]);
  run("Import cycles between folders", "node", ["scripts/check-module-cycles.mjs"]);
}
if (wants("unit")) run("Unit tests", "npx", ["vitest", "run", "--project", "unit"]);

if (wants("integration")) {
  for (const db of databases) {
    if (db === "postgres") await resetPostgres();
    run(`Integration tests (${db})`, "npx", ["vitest", "run", "--project", "integration"], {
      TOLLGATE_TEST_DB: db,
      ...(db === "postgres" ? { DATABASE_URL: POSTGRES_URL } : {}),
    });
  }
}

if (wants("e2e")) {
  // The build must never open (or create) the embedded database: point it at a directory that
  // does not exist and check that it still does not afterwards.
  const buildDataDir = path.join(tmpdir(), `tollgate-build-${process.pid}`);
  run("Production build", "npm", ["run", "build"], { TOLLGATE_DATA_DIR: buildDataDir });
  if (existsSync(buildDataDir)) {
    console.error(`\n✖ next build opened the embedded database (${buildDataDir} was created)`);
    process.exit(1);
  }
  console.log("✔ The build did not touch the embedded database");
  for (const db of databases) {
    if (db === "postgres") await resetPostgres();
    const dataDir = mkdtempSync(path.join(tmpdir(), "tollgate-e2e-"));
    try {
      run(`End-to-end tests (${db})`, "npx", ["playwright", "test"], {
        TOLLGATE_E2E_DB: db,
        TOLLGATE_E2E_DATA_DIR: dataDir,
        CHROMIUM_PATH: chromium,
        ...(db === "postgres" ? { TOLLGATE_E2E_DATABASE_URL: POSTGRES_URL } : {}),
        ...(pgbouncer ? { PGBOUNCER_PATH: pgbouncer } : {}),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      // The server's captured output (see playwright.config.ts).
      rmSync(`${dataDir}.server.log`, { force: true });
    }
  }
}

console.log("\n✔ All tests passed");
