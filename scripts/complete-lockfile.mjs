// After `npm install <pkg>` here, run `node scripts/complete-lockfile.mjs` before committing.
// This machine's registry mirror lacks some other platforms' builds of native packages (e.g.
// @next/swc-darwin-arm64 at Next's version), so npm leaves them out of package-lock.json — and
// then `npm ci` refuses the lockfile. This adds each missing optional platform package with its
// version and os/cpu, which is all `npm ci` needs to skip it here and fetch it elsewhere.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const dryRun = (() => {
  try {
    return execFileSync("npm", ["ci", "--ignore-scripts", "--dry-run"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    return `${error.stdout}${error.stderr}`;
  }
})();
const missing = [...dryRun.matchAll(/Missing: (\S+?)@ from lock file/g)].map((m) => m[1]);
for (const name of missing) {
  const parent = Object.values(lock.packages).find((p) => p.optionalDependencies?.[name]);
  if (!parent) continue;
  const meta = JSON.parse(execFileSync("npm", ["view", name, "os", "cpu", "libc", "license", "--json"], { encoding: "utf8" }) || "{}");
  const entry = { version: parent.optionalDependencies[name], optional: true };
  for (const key of ["license", "cpu", "libc", "os"]) if (meta[key]) entry[key] = meta[key];
  lock.packages[`node_modules/${name}`] = entry;
}
const keys = Object.keys(lock.packages).sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)));
lock.packages = Object.fromEntries(keys.map((k) => [k, lock.packages[k]]));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(missing.length ? `added ${missing.length} optional platform packages to package-lock.json` : "package-lock.json is complete");
