// `npm run bench`'s report: one table per database (printed, and written into
// docs/benchmarks.md between its markers, leaving the hand-written analysis around them).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "../ensure-build.mjs";

const fmt = (n, digits = 0) => n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok) => (ok ? "✓" : "✗");

/** The ratio column and the verdict of a case with a budget (see defineCases in scripts/bench.mjs). */
function budget(s, job) {
  const m = s[job.id];
  const base = s[job.vs];
  if (!job.vs) return ["baseline", ""];
  if (!m || !base) return ["", ""];
  if (job.min !== undefined) {
    const r = m.rps / base.rps;
    return [`${fmt(r, 2)} × ${job.vs === "floor" ? "floor" : job.vs}`, `≥ ${fmt(job.min, 2)} ${verdict(r >= job.min)}`];
  }
  const r = base.rps / m.rps;
  return [`costs ${fmt(r, 2)} × ${job.vs}`, `≤ ${fmt(job.max, 1)} × ${verdict(r <= job.max)}`];
}

function table(result, { connections, memoryBudgetMb }) {
  const s = result.summary;
  const q = result.queries;
  const rows = [];
  const row = (label, m, ratio, target) =>
    m && rows.push(`| ${label} | ${fmt(m.rps)} | ${fmt(m.p50, 1)} | ${fmt(m.p99, 1)} | ${fmt(m.cpu)} | ${ratio} | ${target} |`);
  const perRequest = (id) => (q[id]?.requests ? fmt(q[id].queries / q[id].requests, 2) : "–");
  Object.entries(result.jobs).forEach(([id, job], n) => {
    const withId = { ...job, id };
    if (id === "writes") {
      const h = result.history;
      const exact = result.historyCheck;
      // Rows can exceed the answered changes by the requests still in flight when the count stops.
      return row(
        `${n} · ${job.label}: ${fmt((s.writes?.rps ?? 0) / 2)} tokens created and deleted/s; ${fmt(h.created + h.deleted)} history rows for ${fmt(h.writes)} answered changes (+ up to ${connections} in flight at the end)`,
        s.writes,
        `${exact.rows} history rows for ${exact.changes} changes made one by one`,
        `1 per change ${verdict(exact.rows === exact.changes)}`,
      );
    }
    const [ratio, target] = budget(s, withId);
    const none = job.noQueries ? `; 0 queries ${verdict(q[id]?.queries === 0)}` : "";
    const queries = job.noQueries ? `${fmt(q[id]?.queries ?? 0)} queries in ${fmt(q[id]?.requests ?? 0)} requests` : `${perRequest(id)} queries/request`;
    row(`${n} · ${job.label} (${queries})`, s[id], ratio, `${target}${none}`);
  });
  const mem = result.memory;
  const started = mem.startedMb ? `; ${fmt(mem.startedMb)} MB once started, the peak reached during ${/^\w+$/.test(mem.peakCase ?? "") ? `\`${mem.peakCase}\`` : (mem.peakCase ?? "the run")}` : "";
  const heap = mem.heapTotal ? ` (at the end: resident ${fmt(mem.rssMb)} MB, V8 heap ${fmt(mem.heapUsed / 2 ** 20)} of ${fmt(mem.heapTotal / 2 ** 20)} MB used, V8's external memory ${fmt(mem.external / 2 ** 20)} MB reserved, ${fmt(mem.arrayBuffers / 2 ** 20)} MB of it array buffers${started})` : "";
  rows.push(`| peak resident memory of the server over the run${heap} | | | | | ${fmt(mem.peakMb)} MB | ≤ ${memoryBudgetMb} MB ${verdict(mem.peakMb <= memoryBudgetMb)} |`);
  const u = result.unleash;
  if (u?.skipped) rows.push(`| Unleash | skipped: ${u.skipped} | | | | | |`);
  else if (u) {
    for (const [id, pair] of Object.entries(u)) {
      const r = pair.ours.rps / pair.theirs.rps;
      rows.push(`| Unleash ${pair.label}, admin API token | ${fmt(pair.theirs.rps)} | ${fmt(pair.theirs.p50, 1)} | ${fmt(pair.theirs.p99, 1)} | | baseline | |`);
      rows.push(`| Tollgate ${result.jobs[id].label}, alternating with it | ${fmt(pair.ours.rps)} | ${fmt(pair.ours.p50, 1)} | ${fmt(pair.ours.p99, 1)} | | ${fmt(r, 2)} × Unleash | ≥ 3 × ${verdict(r >= 3)} |`);
    }
  }
  const unexpected = Object.entries(s).filter(([, m]) => m.unexpected > 0);
  const notes = unexpected.map(([id, m]) => `- ${id}: ${fmt(m.unexpected)} responses with an unexpected status or errors`);
  return [
    "| case | requests/s (median) | p50 ms | p99 ms | server CPU µs/request | ratio | target |",
    "|---|--:|--:|--:|--:|--:|---|",
    ...rows,
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
}

/** The run's tables, with the machine and the command that produced them. */
export function report(results, machine, skipped, settings) {
  const { rounds, duration, warmup, connections } = settings;
  const titles = { pglite: "Embedded database (PGlite)", postgres: `PostgreSQL ${machine.postgres ?? ""}`.trim() };
  return [
    `Run ${machine.date} on ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB memory, Node ${process.version}.`,
    `Command: \`${machine.command}\` — ${rounds} rounds × ${duration} s per case after ${warmup} s of warm-up, ${connections} connections, autocannon in a separate process; medians of the rounds. Ratios compare figures from the same server in the same run.`,
    "",
    ...results.flatMap((r) => [`### ${titles[r.kind]}`, "", table(r, settings), ""]),
    ...skipped.map((s) => `- ${s}`),
  ].join("\n");
}

const BEGIN = "<!-- bench:begin (written by npm run bench) -->";
const END = "<!-- bench:end -->";

/** Replaces the generated block of docs/benchmarks.md; returns the file's path. */
export function writeDoc(text) {
  const file = path.join(root, "docs", "benchmarks.md");
  mkdirSync(path.dirname(file), { recursive: true });
  const block = `${BEGIN}\n${text}\n${END}`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + END.length) : `${current}\n${block}\n`;
  writeFileSync(file, next);
  return path.relative(root, file);
}
