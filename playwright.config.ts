import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import path from "node:path";
import { SERVICE_TOKEN_LIMIT } from "./e2e/support";

/**
 * End-to-end tests against the production server (dist/server.mjs, built by `npm run build`).
 * scripts/test.mjs runs this once per database: TOLLGATE_E2E_DB=pglite (a fresh data directory)
 * and TOLLGATE_E2E_DB=postgres (a freshly emptied PostgreSQL database).
 */
const db = process.env.TOLLGATE_E2E_DB === "postgres" ? "postgres" : "pglite";
const port = Number(process.env.TOLLGATE_E2E_PORT ?? (db === "postgres" ? 3211 : 3210));
const baseURL = `http://localhost:${port}`;
const dataDir = process.env.TOLLGATE_E2E_DATA_DIR ?? path.resolve(".data-e2e");
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);


export const SERVER_LOG = path.join(dataDir, "..", `tollgate-e2e-${db}-server.log`);

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
    { name: `chromium-${db}`, use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: {
    command: "node dist/server.mjs",
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
      TOLLGATE_DATA_DIR: dataDir,
      ...(db === "postgres" ? { DATABASE_URL: process.env.TOLLGATE_E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test" } : {}),
    },
  },
});
