// Builds the production server when there is no build yet, or the sources are newer than it.
// Shared by `npm start` and `npm run bench`. Plain JavaScript so it needs nothing but Node.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const serverBundle = path.join(root, "dist", "server.mjs");
const stamp = path.join(root, ".next", "BUILD_ID");
const SOURCES = ["app", "components", "lib", "db", "public", "server.ts", "next.config.ts", "postcss.config.mjs", "package-lock.json"];

function newestChange(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

function needsBuild() {
  if (!existsSync(stamp) || !existsSync(serverBundle)) return "there is no build yet";
  const built = Math.min(statSync(stamp).mtimeMs, statSync(serverBundle).mtimeMs);
  const changed = Math.max(...SOURCES.map((s) => newestChange(path.join(root, s))));
  return changed > built ? "the sources changed since the last build" : null;
}

/** Runs `npm run build` when needed (unless TOLLGATE_SKIP_BUILD is set); exits on a failed build. */
export function ensureBuild() {
  const reason = process.env.TOLLGATE_SKIP_BUILD ? null : needsBuild();
  if (!reason) return;
  console.log(`Building Tollgate (${reason})…`);
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
