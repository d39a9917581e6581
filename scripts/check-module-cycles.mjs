// No import cycles between folders: the modules of lib/ (each folder), lib/'s single files, db/,
// app/ and server.ts. Reads every production file's static imports (tests are leaves: nothing
// imports them) and fails with the cycles it finds. Run by `npm run lint` and scripts/test.mjs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const SOURCE = /\.(ts|tsx|mjs)$/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "migrations" ? [] : files(full);
    return SOURCE.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The folder a file belongs to: `lib/<module>`, a single file of lib/, `db`, `app` or `server.ts`. */
function folderOf(file) {
  const parts = path.relative(ROOT, file).split(path.sep);
  if (parts[0] === "lib") return parts.length > 2 ? `lib/${parts[1]}` : `lib/${parts[1].replace(SOURCE, "")}`;
  return parts[0];
}

function resolve(from, specifier) {
  if (specifier.startsWith("@/")) return path.join(ROOT, specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(from), specifier);
  return null; // a package
}

const graph = new Map();
for (const file of [...files(path.join(ROOT, "lib")), ...files(path.join(ROOT, "db")), ...files(path.join(ROOT, "app")), path.join(ROOT, "server.ts")]) {
  const from = folderOf(file);
  const edges = graph.get(from) ?? new Map();
  graph.set(from, edges);
  for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
    const target = resolve(file, match[1] ?? match[2]);
    if (!target) continue;
    const to = folderOf(target);
    if (to !== from) edges.set(to, `${path.relative(ROOT, file)} → ${match[1] ?? match[2]}`);
  }
}

// Every cycle through each folder, found by a depth-first walk (the graph is a few dozen nodes).
const cycles = new Set();
function walk(start, node, trail) {
  for (const next of graph.get(node)?.keys() ?? []) {
    if (next === start) cycles.add([...trail, start].join(" → "));
    else if (!trail.includes(next) && next > start) walk(start, next, [...trail, next]);
  }
}
for (const start of graph.keys()) walk(start, start, [start]);

if (cycles.size > 0) {
  console.error(`Import cycles between folders (${cycles.size}):`);
  for (const cycle of cycles) {
    const hops = cycle.split(" → ");
    console.error(`  ${cycle}`);
    for (let i = 0; i + 1 < hops.length; i++) console.error(`      ${graph.get(hops[i]).get(hops[i + 1])}`);
  }
  process.exit(1);
}
console.log(`No import cycles between ${graph.size} folders.`);
