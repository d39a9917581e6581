import { z } from "zod";

/**
 * Tollgate's whole configuration, validated once. Every variable is optional; a bad value
 * stops the start with one line that names the variable, instead of failing later somewhere odd.
 */
export interface Env {
  port: number;
  /** PostgreSQL URL, or null for the embedded database (PGlite). */
  databaseUrl: string | null;
  dataDir: string;
  /** null: generated once and stored in the database (see lib/auth/secret.ts). */
  authSecret: string | null;
  demo: boolean;
  serviceTokenLimit: number;
  /** The public URL next-auth builds its redirects from; defaults to http://localhost:PORT. */
  publicUrl: string;
  /** REST API requests allowed per token in each 10-second window. */
  apiRateLimit: number;
  /** Failed REST API authentications allowed per client address per minute before it is refused for a minute. */
  apiFailedAuthLimit: number;
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
  DATABASE_URL: postgresUrl,
  TOLLGATE_DATA_DIR: z.string().min(1, "must not be empty"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)"),
  TOLLGATE_DEMO: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => v in BOOLEAN_WORDS, "must be true or false (also 1/0, yes/no, on/off)")
    .transform((v) => BOOLEAN_WORDS[v] === true),
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

type Source = Record<string, string | undefined>;

function read<K extends keyof typeof schema>(source: Source, name: K): z.output<(typeof schema)[K]> | undefined {
  const raw = source[name];
  // An empty variable (`PORT=`) is treated as unset, as most tools do.
  if (raw === undefined || raw === "") return undefined;
  const parsed = schema[name].safeParse(raw);
  if (!parsed.success) {
    // URLs may carry passwords: never repeated.
    const shown = name === "AUTH_SECRET" || name === "DATABASE_URL" || name === "TOLLGATE_LISTEN_DATABASE_URL" || name === "SMTP_URL" ? "" : ` (got "${raw}")`;
    throw new ConfigError(name, `${parsed.error.issues[0]?.message ?? "is invalid"}${shown}.`);
  }
  return parsed.data as z.output<(typeof schema)[K]>;
}

/** Parses a configuration source; throws ConfigError naming the first bad variable. */
export function parseEnv(source: Source): Env {
  const port = read(source, "PORT") ?? 3000;
  const databaseUrl = read(source, "DATABASE_URL") ?? null;
  return {
    port,
    databaseUrl,
    dataDir: read(source, "TOLLGATE_DATA_DIR") ?? "./.data",
    authSecret: read(source, "AUTH_SECRET") ?? null,
    // Demo data is the newcomer's default on the embedded database, never a surprise in production.
    demo: read(source, "TOLLGATE_DEMO") ?? databaseUrl === null,
    serviceTokenLimit: read(source, "TOLLGATE_SERVICE_TOKEN_LIMIT") ?? 200,
    publicUrl: read(source, "NEXTAUTH_URL") ?? `http://localhost:${port}`,
    apiRateLimit: read(source, "TOLLGATE_API_RATE_LIMIT") ?? 1000,
    apiFailedAuthLimit: read(source, "TOLLGATE_API_FAILED_AUTH_LIMIT") ?? 20,
    // Off by default: without a proxy that overwrites it, X-Forwarded-For is whatever a client says.
    trustProxy: read(source, "TOLLGATE_TRUST_PROXY") ?? 0,
    allowedHosts: read(source, "TOLLGATE_ALLOWED_HOSTS") ?? [],
    ...postgresConnections(source, databaseUrl),
    smtp: smtp(source),
  };
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
