import { isIP } from "node:net";
import { z } from "zod";

/**
 * Tollgate's whole configuration, validated once. Every variable is optional; a bad value
 * stops the start with one line that names the variable, instead of failing later somewhere odd.
 */
/** The log levels LOG_LEVEL takes, most severe first (lib/operations/logger.ts writes them). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Env {
  port: number;
  /** The address the server listens on: loopback in demo mode unless HOST says otherwise. */
  host: string;
  /** PostgreSQL URL, or null for the embedded database (PGlite). */
  databaseUrl: string | null;
  dataDir: string;
  /** null: generated, and kept out of the database (see lib/auth/secret.ts). */
  authSecret: string | null;
  demo: boolean;
  /** TOLLGATE_DEMO=true was written out, rather than demo mode being the embedded database's default. */
  demoExplicit: boolean;
  serviceTokenLimit: number;
  /** The public URL next-auth builds its redirects from; defaults to http://localhost:PORT. */
  publicUrl: string;
  /** REST API requests allowed per token in each 10-second window. */
  apiRateLimit: number;
  /** Failed REST API authentications allowed per client address per minute before it is refused for a minute. */
  apiFailedAuthLimit: number;
  /** Whether the API may answer a repeated token list from memory (lib/changes/account-cache.ts). */
  answerCache: boolean;
  /** Whether the server gives memory freed by malloc back to the system after garbage collections (lib/operations/memory.ts). */
  memoryTrim: boolean;
  /**
   * How many reverse proxies in front of Tollgate append to X-Forwarded-For (0: none, the
   * header is ignored). Decides which address the per-client limits count against.
   */
  trustProxy: number;
  /** Host names the console answers to besides the public URL's and loopback (lib/auth/allowed-hosts.ts). */
  allowedHosts: string[];
  /** A direct (session) PostgreSQL URL for LISTEN and migrations, or null: DATABASE_URL's. */
  listenDatabaseUrl: string | null;
  /** Longest wait, in ms, for a new PostgreSQL connection or a free one from the pool. */
  databaseConnectTimeoutMs: number;
  /** PostgreSQL cancels a statement running longer than this (ms; 0: never). */
  databaseStatementTimeoutMs: number;
  /** Longest wait, in ms, for PostgreSQL's answer to one query before the connection is abandoned. */
  databaseQueryTimeoutMs: number;
  /** The least severe log entries written (lib/operations/logger.ts). */
  logLevel: LogLevel;
  /** The bearer token that /metrics on the main port asks for, or null: not served there. */
  metricsToken: string | null;
  /** A loopback-only port serving /metrics without a token, or null. */
  metricsPort: number | null;
  /** Where set-password links are emailed from (lib/mail.ts); null: links are only shown to whoever issued them. */
  smtp: { url: string; from: string } | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = "ConfigError";
  }
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true, "1": true, yes: true, on: true,
  false: false, "0": false, no: false, off: false,
};

const booleanWord = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => v in BOOLEAN_WORDS, "must be true or false (also 1/0, yes/no, on/off)")
  .transform((v) => BOOLEAN_WORDS[v] === true);

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number between ${min} and ${max}`);

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), "must be a postgres:// or postgresql:// URL");

const schema = {
  PORT: integer(1, 65535),
  HOST: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => isIP(v) !== 0 || isDnsName(v), "must be an IP address or a host name (e.g. 127.0.0.1, 0.0.0.0, ::, tollgate.internal)"),
  DATABASE_URL: postgresUrl,
  TOLLGATE_DATA_DIR: z.string().min(1, "must not be empty"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)"),
  TOLLGATE_DEMO: booleanWord,
  TOLLGATE_ANSWER_CACHE: booleanWord,
  TOLLGATE_MEMORY_TRIM: booleanWord,
  TOLLGATE_SERVICE_TOKEN_LIMIT: integer(0, 100_000),
  TOLLGATE_API_RATE_LIMIT: integer(1, 10_000_000),
  TOLLGATE_API_FAILED_AUTH_LIMIT: integer(1, 10_000_000),
  TOLLGATE_TRUST_PROXY: integer(0, 10),
  NEXTAUTH_URL: z
    .string()
    .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), "must be an http:// or https:// URL"),
  TOLLGATE_ALLOWED_HOSTS: z
    .string()
    .transform((v) => v.split(",").map((name) => name.trim().toLowerCase()).filter(Boolean))
    .refine((names) => names.every(isHostName), "must be host names separated by commas, without scheme, port or path (e.g. tollgate.internal,10.0.0.5)"),
  TOLLGATE_LISTEN_DATABASE_URL: postgresUrl,
  TOLLGATE_DB_CONNECT_TIMEOUT_MS: integer(100, 600_000),
  TOLLGATE_DB_STATEMENT_TIMEOUT_MS: integer(0, 3_600_000),
  TOLLGATE_DB_QUERY_TIMEOUT_MS: integer(100, 3_600_000),
  LOG_LEVEL: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .refine((v): v is LogLevel => (LOG_LEVELS as readonly string[]).includes(v), `must be one of ${LOG_LEVELS.join(", ")}`)
    .transform((v) => v as LogLevel),
  // Sent in a header by the scraper: printable ASCII, no spaces.
  TOLLGATE_METRICS_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters (try: openssl rand -hex 32)")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces (try: openssl rand -hex 32)"),
  METRICS_PORT: integer(1, 65535),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/[^\s]+$/.test(v) && URL.canParse(v), "must be an smtp:// or smtps:// URL (e.g. smtp://user:pass@mail.example.com:587)"),
  // A bare address or "Name <address>", as mail headers write it.
  SMTP_FROM: z
    .string()
    .trim()
    .refine((v) => /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(v), "must be an email address, or a name and an address like Tollgate <tollgate@example.com>"),
};

/** A bare host name or IP address (IPv6 in brackets), written the way a URL would write it. */
function isHostName(name: string): boolean {
  if (!/^[a-z0-9.\-[\]:]+$/.test(name) || !URL.canParse(`http://${name}/`)) return false;
  const url = new URL(`http://${name}/`);
  return url.hostname === name && url.port === "";
}

/** A DNS host name: dot-separated labels of letters, digits and inner hyphens. */
function isDnsName(name: string): boolean {
  return name.length <= 253 && name.split(".").every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

/** Addresses only this machine can reach: 127.0.0.0/8, ::1 and the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  if (name === "localhost" || name === "::1" || name === "0:0:0:0:0:0:0:1") return true;
  const v4 = name.startsWith("::ffff:") ? name.slice("::ffff:".length) : name;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

type Source = Record<string, string | undefined>;

/** Never repeated in an error message: they are, or may contain (URLs), credentials. */
const SECRET_VARIABLES = new Set<string>(["AUTH_SECRET", "DATABASE_URL", "TOLLGATE_LISTEN_DATABASE_URL", "TOLLGATE_METRICS_TOKEN", "SMTP_URL"]);

function read<K extends keyof typeof schema>(source: Source, name: K): z.output<(typeof schema)[K]> | undefined {
  const raw = source[name];
  // An empty variable (`PORT=`) is treated as unset, as most tools do.
  if (raw === undefined || raw === "") return undefined;
  const parsed = schema[name].safeParse(raw);
  if (!parsed.success) {
    const shown = SECRET_VARIABLES.has(name) ? "" : ` (got "${raw}")`;
    throw new ConfigError(name, `${parsed.error.issues[0]?.message ?? "is invalid"}${shown}.`);
  }
  return parsed.data as z.output<(typeof schema)[K]>;
}

/** Parses a configuration source; throws ConfigError naming the first bad variable. */
export function parseEnv(source: Source): Env {
  const port = read(source, "PORT") ?? 3000;
  const databaseUrl = read(source, "DATABASE_URL") ?? null;
  const demoSetting = read(source, "TOLLGATE_DEMO");
  // Demo data is the newcomer's default on the embedded database, never a surprise in production.
  const demo = demoSetting ?? databaseUrl === null;
  return {
    port,
    host: listenHost(read(source, "HOST"), demo, demoSetting === true),
    databaseUrl,
    dataDir: read(source, "TOLLGATE_DATA_DIR") ?? "./.data",
    authSecret: read(source, "AUTH_SECRET") ?? null,
    demo,
    demoExplicit: demoSetting === true,
    serviceTokenLimit: read(source, "TOLLGATE_SERVICE_TOKEN_LIMIT") ?? 200,
    publicUrl: read(source, "NEXTAUTH_URL") ?? `http://localhost:${port}`,
    apiRateLimit: read(source, "TOLLGATE_API_RATE_LIMIT") ?? 1000,
    apiFailedAuthLimit: read(source, "TOLLGATE_API_FAILED_AUTH_LIMIT") ?? 20,
    answerCache: read(source, "TOLLGATE_ANSWER_CACHE") ?? true,
    memoryTrim: read(source, "TOLLGATE_MEMORY_TRIM") ?? true,
    // Off by default: without a proxy that overwrites it, X-Forwarded-For is whatever a client says.
    trustProxy: read(source, "TOLLGATE_TRUST_PROXY") ?? 0,
    allowedHosts: read(source, "TOLLGATE_ALLOWED_HOSTS") ?? [],
    ...postgresConnections(source, databaseUrl),
    ...operations(source, port),
    smtp: smtp(source),
  };
}

/** Logs and metrics (README, "Logs" and "Metrics"). */
function operations(source: Source, port: number) {
  const metricsPort = read(source, "METRICS_PORT") ?? null;
  if (metricsPort === port) {
    throw new ConfigError("METRICS_PORT", `must differ from PORT (both are ${port}): the metrics port is a second, loopback-only server.`);
  }
  return {
    logLevel: read(source, "LOG_LEVEL") ?? "info",
    metricsToken: read(source, "TOLLGATE_METRICS_TOKEN") ?? null,
    metricsPort,
  };
}

/**
 * Where the server listens. Demo mode's passwords are printed on its sign-in page, so by default
 * it listens on loopback only, and it refuses a network address unless demo mode was asked for
 * by name (TOLLGATE_DEMO=true) rather than reached by default; a real install listens on every
 * IPv4 interface, as a container or a VM expects.
 */
function listenHost(host: string | undefined, demo: boolean, demoExplicit: boolean): string {
  if (host === undefined) return demo ? "127.0.0.1" : "0.0.0.0";
  if (demo && !demoExplicit && !isLoopbackHost(host)) {
    throw new ConfigError(
      "HOST",
      `"${host}" is reachable from the network, and demo mode's passwords are public: set TOLLGATE_DEMO=true to serve the demo there anyway, or DATABASE_URL for a real install.`,
    );
  }
  return host;
}

/** Both or neither: a server without a sender (or a sender without a server) is a typo. */
function smtp(source: Source): Env["smtp"] {
  const url = read(source, "SMTP_URL");
  const from = read(source, "SMTP_FROM");
  if (url && !from) throw new ConfigError("SMTP_FROM", "must be set with SMTP_URL: the address set-password emails come from.");
  if (from && !url) throw new ConfigError("SMTP_URL", "must be set with SMTP_FROM: the mail server that sends set-password emails.");
  return url && from ? { url, from } : null;
}

/**
 * How Tollgate reaches PostgreSQL besides DATABASE_URL, and how long it waits on it (the embedded
 * database has no network to wait on). The query timeout must leave PostgreSQL the time to cancel
 * a slow statement itself, which keeps the connection usable; it is for a network that stopped
 * answering.
 */
function postgresConnections(source: Source, databaseUrl: string | null) {
  const listenDatabaseUrl = read(source, "TOLLGATE_LISTEN_DATABASE_URL") ?? null;
  if (listenDatabaseUrl && !databaseUrl) {
    throw new ConfigError("TOLLGATE_LISTEN_DATABASE_URL", "needs DATABASE_URL: it is a second, direct way to the same PostgreSQL.");
  }
  const statement = read(source, "TOLLGATE_DB_STATEMENT_TIMEOUT_MS") ?? 5_000;
  const query = read(source, "TOLLGATE_DB_QUERY_TIMEOUT_MS") ?? Math.max(10_000, statement + 1_000);
  if (statement > 0 && query <= statement) {
    throw new ConfigError("TOLLGATE_DB_QUERY_TIMEOUT_MS", `must be more than TOLLGATE_DB_STATEMENT_TIMEOUT_MS (got "${query}", statement timeout ${statement}).`);
  }
  return {
    listenDatabaseUrl,
    databaseConnectTimeoutMs: read(source, "TOLLGATE_DB_CONNECT_TIMEOUT_MS") ?? 5_000,
    databaseStatementTimeoutMs: statement,
    databaseQueryTimeoutMs: query,
  };
}

const KEY = Symbol.for("tollgate.env");
type Holder = { [KEY]?: Env };

/** The process's configuration, read once (shared by the custom server's bundle and Next's). */
export function env(): Env {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const parsed = parseEnv(process.env);
    // next-auth (v4) reads its base URL from the environment.
    process.env.NEXTAUTH_URL ??= parsed.publicUrl;
    holder[KEY] = parsed;
  }
  return holder[KEY];
}
