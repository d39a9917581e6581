// Apart from the logger so that lib/env.ts, which every bundle loads, does not load pino.
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
