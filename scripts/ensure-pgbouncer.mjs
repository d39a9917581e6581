// Makes sure a PgBouncer is there for the end-to-end test that puts an instance behind a
// transaction-mode pooler (e2e/pooler.spec.ts). Like Chromium (ensure-browser.mjs) it is Debian's
// package, installed with apt-get when possible; without it that one test is skipped with a
// warning, because the rest of the suite does not need it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { aptInstall } from "./apt-install.mjs";

export const DEBIAN_PGBOUNCER = "/usr/sbin/pgbouncer";

export function findPgbouncer() {
  if (process.env.PGBOUNCER_PATH && existsSync(process.env.PGBOUNCER_PATH)) return process.env.PGBOUNCER_PATH;
  if (existsSync(DEBIAN_PGBOUNCER)) return DEBIAN_PGBOUNCER;
  const onPath = spawnSync("sh", ["-c", "command -v pgbouncer"], { encoding: "utf8" });
  return onPath.status === 0 && onPath.stdout.trim() ? onPath.stdout.trim() : null;
}

/** The pgbouncer binary, installed first if it can be; null (with a warning) when it cannot. */
export function ensurePgbouncer() {
  const found = findPgbouncer();
  if (found) return found;
  console.log("PgBouncer is missing: installing Debian's pgbouncer with apt-get if possible…");
  // The package starts a system service on port 6432; the test runs its own process instead.
  if (aptInstall("pgbouncer") && existsSync(DEBIAN_PGBOUNCER)) return DEBIAN_PGBOUNCER;
  console.warn("⚠ No PgBouncer found (install Debian's pgbouncer, or set PGBOUNCER_PATH): the transaction-pooler test is skipped.");
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`PgBouncer: ${ensurePgbouncer() ?? "none"}`);
}
