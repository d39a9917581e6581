// `npm run bench`'s report: one table per database (printed, and written into
// docs/benchmarks.md between its markers, leaving the hand-written analysis around them).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "../ensure-build.mjs";

const fmt = (n, digits = 0) => n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok) => (ok ? "✓" : "✗");

function table(result, { connections }) {
  const s = result.summary;
  const rows = [];
  const row = (label, m, ratio, target) =>
    m &&
    rows.push(`| ${label} | ${fmt(m.rps)} | ${fmt(m.p50, 1)} | ${fmt(m.p99, 1)} | ${fmt(m.cpu)} | ${ratio} | ${target} |`);
  const throughput = (id, base, min) => {
    if (!s[id] || !s[base]) return ["", ""];
    const r = s[id].rps / s[base].rps;
    return [`${fmt(r, 2)} × ${base === "floor" ? "floor" : "baseline"}`, `≥ ${fmt(min, 2)} ${verdict(r >= min)}`];
  };
  const cost = (id, base, max) => {
    if (!s[id] || !s[base]) return ["", ""];
    const r = s[base].rps / s[id].rps;
    return [`costs ${fmt(r, 2)} ×`, `≤ ${fmt(max, 1)} × ${verdict(r <= max)}`];
  };
  const j = result.jobs;
  const q = result.queries;
  row(`0 · ${j.floor.label}`, s.floor, "baseline", "");
  row(`1 · ${j.me.label} (${fmt(q.me.queries / Math.max(1, q.me.requests), 2)} queries/request)`, s.me, ...throughput("me", "floor", 0.8));
  row(`2 · ${j.bad.label} (${fmt(q.bad.queries)} queries in ${fmt(q.bad.requests)} requests)`, s.bad, ...(() => {
    const [ratio, target] = throughput("bad", "floor", 0.95);
    return [ratio, `${target}; 0 queries ${verdict(q.bad.queries === 0)}`];
  })());
  row(`3 · ${j.offset0.label}`, s.offset0, "baseline", "");
  row(`3 · ${j.offsetFar.label}`, s.offsetFar, ...cost("offsetFar", "offset0", 1.5));
  row(`4 · ${j.pageSmall.label}`, s.pageSmall, "baseline", "");
  row(`4 · ${j.pageLarge.label}`, s.pageLarge, ...cost("pageLarge", "pageSmall", 1.5));
  const h = result.history;
  const exact = result.historyCheck;
  row(
    // Rows can exceed the answered changes by the requests still in flight when the count stops.
    `5 · ${j.writes.label}: ${fmt((s.writes?.rps ?? 0) / 2)} tokens created and deleted/s; ${fmt(h.created + h.deleted)} history rows for ${fmt(h.writes)} answered changes (+ up to ${connections} in flight at the end)`,
    s.writes,
    `${exact.rows} history rows for ${exact.changes} changes made one by one`,
    `1 per change ${verdict(exact.rows === exact.changes)}`,
  );
  rows.push(`| 6 · peak resident memory of the server | | | | | ${fmt(result.memory.peakMb)} MB | ≤ 400 MB ${verdict(result.memory.peakMb <= 400)} |`);
  const u = result.unleash;
  if (u?.skipped) rows.push(`| 1 · Unleash \`GET /api/admin/user\` | skipped: ${u.skipped} | | | | | |`);
  else if (u) {
    const r = u.ours.rps / u.theirs.rps;
    rows.push(`| 1 · Unleash \`GET /api/admin/user\`, admin API token | ${fmt(u.theirs.rps)} | ${fmt(u.theirs.p50, 1)} | ${fmt(u.theirs.p99, 1)} | | baseline | |`);
    rows.push(`| 1 · Tollgate \`GET /api/v2/members/me\`, alternating with it | ${fmt(u.ours.rps)} | ${fmt(u.ours.p50, 1)} | ${fmt(u.ours.p99, 1)} | | ${fmt(r, 2)} × Unleash | ≥ 3 × ${verdict(r >= 3)} |`);
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
