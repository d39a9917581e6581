// `npm start`: build when there is no build (or the sources are newer than it), then run the
// compiled production server with plain node. The server migrates (and seeds in demo mode)
// before it serves. Plain JavaScript so it needs nothing but Node.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const stamp = path.join(root, ".next", "BUILD_ID");
const serverBundle = path.join(root, "dist", "server.mjs");
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

const reason = process.env.TOLLGATE_SKIP_BUILD ? null : needsBuild();
if (reason) {
  console.log(`Building Tollgate (${reason})…`);
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.NODE_ENV = "production";
process.chdir(root);
await import(pathToFileURL(serverBundle).href);
