import { format } from "node:util";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

import type { LogLevel } from "../env";

export type { Logger, LogLevel };

// Defence in depth: no code logs these, and if some day an object carrying one is logged
// (a request's headers, a form), the value is replaced before the line is written.
const REDACTED_PATHS = ["authorization", "cookie", "password", "secret", "token"].flatMap((key) => [key, `*.${key}`, `*.headers.${key}`]);

/**
 * The process's logger (README, "Logs"): one JSON object per line in production — `level` as a
 * word, `time` as ISO 8601 — and, when NODE_ENV is not production, one human-readable line per
 * entry (pino-pretty). In production lines are written asynchronously, off the request's path,
 * and flushed when the process exits.
 */
export function createLogger(options: { level: LogLevel; pretty: boolean }, destination?: DestinationStream): Logger {
  const settings = {
    level: options.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  };
  if (options.pretty) {
    const colorize = destination === undefined && process.stdout.isTTY === true;
    return pino(settings, pretty({ sync: true, singleLine: true, colorize, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", destination: destination ?? 1 }));
  }
  return pino({ ...settings, formatters: { level: (label) => ({ level: label }) } }, destination ?? pino.destination({ dest: 1, sync: false }));
}

const KEY = Symbol.for("tollgate.logger");
type Holder = { [KEY]?: Logger };

/**
 * Makes `logger` the process's logger, and sends console output and Node's process warnings
 * (which Node would print to stderr as plain text) through it (server.ts, at start).
 */
export function installLogger(logger: Logger): void {
  (globalThis as Holder)[KEY] = logger;
  routeConsoleTo(logger);
  process.removeAllListeners("warning");
  process.on("warning", (warning) => logger.warn(`${warning.name}: ${warning.message}`));
}

/** The process's logger once server.ts has installed it; before that (tests, `next dev`), null. */
export function installedLogger(): Logger | null {
  return (globalThis as Holder)[KEY] ?? null;
}

/**
 * What the process (ours, Next.js's, a library's) prints through `console` becomes a log entry
 * of the matching level with the formatted text as its message — so a JSON log has no stray
 * lines, and a line such as the start line is still found by its text.
 */
export function routeConsoleTo(logger: Logger): void {
  const to = (level: "debug" | "info" | "warn" | "error") => (...args: unknown[]) => logger[level](format(...args));
  console.debug = to("debug");
  console.log = to("info");
  console.info = to("info");
  console.warn = to("warn");
  console.error = to("error");
}
