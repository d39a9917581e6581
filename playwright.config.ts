import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import { CONTRACT_LOG, E2E_AUTH_SECRET, E2E_DATA_DIR, E2E_DATABASE_URL, E2E_DB, E2E_PORT, METRICS_TOKEN, SERVER_LOG, SERVICE_TOKEN_LIMIT } from "./e2e/support";

/**
 * End-to-end tests against the production server (dist/server.mjs, built by `npm run build`).
 * scripts/test.mjs runs this once per database: TOLLGATE_E2E_DB=pglite (a fresh data directory)
 * and TOLLGATE_E2E_DB=postgres (a freshly emptied PostgreSQL database).
 */
const db = E2E_DB;
const port = E2E_PORT;
const baseURL = `http://localhost:${port}`;
const quoted = (file: string) => `'${file.replaceAll("'", "'\\''")}'`;
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
  outputDir: `test-results/${db}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // Every API response the run received, against the OpenAPI document (e2e/contract/).
  globalTeardown: "./e2e/contract/teardown.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    // *.test.ts files under e2e/ are vitest unit tests of the e2e helpers (vitest.config.ts), not specs.
    { name: `chromium-${db}`, testMatch: /\.spec\.ts$/, use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: {
    // Everything the server prints is kept, so e2e/secret-leaks.spec.ts can search it for secrets.
    // e2e/contract/record.mjs records every API response for the contract check (from empty).
    command: `: > ${quoted(CONTRACT_LOG)} && node --import ./e2e/contract/record.mjs dist/server.mjs 2>&1 | tee ${quoted(SERVER_LOG)}`,
    url: `${baseURL}/api/v2`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      TOLLGATE_DEMO: "true",
      // Small, so the "limit reached" path can be reached from the browser.
      TOLLGATE_SERVICE_TOKEN_LIMIT: String(SERVICE_TOKEN_LIMIT),
      TOLLGATE_DATA_DIR: E2E_DATA_DIR,
      ...(E2E_DATABASE_URL ? { DATABASE_URL: E2E_DATABASE_URL, AUTH_SECRET: E2E_AUTH_SECRET } : {}),
      // So e2e/operations.spec.ts can scrape what the whole run did.
      TOLLGATE_METRICS_TOKEN: METRICS_TOKEN,
      TOLLGATE_E2E_CONTRACT_LOG: CONTRACT_LOG,
    },
  },
});
