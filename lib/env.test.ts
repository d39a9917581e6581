import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("configuration", () => {
  it("needs nothing: the embedded database in ./.data, demo on, port 3000", () => {
    expect(parseEnv({})).toEqual({
      port: 3000,
      host: "127.0.0.1",
      databaseUrl: null,
      dataDir: "./.data",
      authSecret: null,
      demo: true,
      demoExplicit: false,
      serviceTokenLimit: 200,
      publicUrl: "http://localhost:3000",
      apiRateLimit: 1000,
      apiFailedAuthLimit: 20,
      answerCache: true,
      memoryTrim: true,
      trustProxy: 0,
      allowedHosts: [],
      listenDatabaseUrl: null,
      databaseConnectTimeoutMs: 5_000,
      databaseStatementTimeoutMs: 5_000,
      databaseQueryTimeoutMs: 10_000,
      logLevel: "info",
      metricsToken: null,
      metricsPort: null,
      smtp: null,
    });
  });

  it("reads SMTP_URL and SMTP_FROM together, refuses one without the other, and never repeats the URL", () => {
    expect(parseEnv({ SMTP_URL: "smtp://u:p@mail.example.com:587", SMTP_FROM: "Tollgate <t@example.com>" }).smtp).toEqual({
      url: "smtp://u:p@mail.example.com:587",
      from: "Tollgate <t@example.com>",
    });
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example.com" })).toThrow(/SMTP_FROM must be set with SMTP_URL/);
    expect(() => parseEnv({ SMTP_FROM: "t@example.com" })).toThrow(/SMTP_URL must be set with SMTP_FROM/);
    expect(() => parseEnv({ SMTP_URL: "http://u:secret@mail.example.com", SMTP_FROM: "t@example.com" })).toThrow(ConfigError);
    try {
      parseEnv({ SMTP_URL: "http://u:secret@mail.example.com", SMTP_FROM: "t@example.com" });
    } catch (error) {
      expect(String(error)).not.toContain("secret");
    }
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example.com", SMTP_FROM: "not an address" })).toThrow(/SMTP_FROM must be an email address/);
  });

  it("turns demo data off by default when DATABASE_URL points at PostgreSQL", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u@db:5432/tollgate" });
    expect(env.databaseUrl).toBe("postgres://u@db:5432/tollgate");
    expect(env.demo).toBe(false);
    expect(parseEnv({ DATABASE_URL: "postgresql://u@db/t", TOLLGATE_DEMO: "yes" }).demo).toBe(true);
  });

  it("answers repeated token lists from memory unless TOLLGATE_ANSWER_CACHE turns it off", () => {
    expect(parseEnv({}).answerCache).toBe(true);
    expect(parseEnv({ TOLLGATE_ANSWER_CACHE: "off" }).answerCache).toBe(false);
    expect(parseEnv({ TOLLGATE_ANSWER_CACHE: "true" }).answerCache).toBe(true);
  });

  it("gives freed memory back after garbage collections unless TOLLGATE_MEMORY_TRIM turns it off", () => {
    expect(parseEnv({}).memoryTrim).toBe(true);
    expect(parseEnv({ TOLLGATE_MEMORY_TRIM: "no" }).memoryTrim).toBe(false);
  });

  it("reads every variable", () => {
    const env = parseEnv({
      PORT: "8080",
      TOLLGATE_DATA_DIR: "/var/lib/tollgate",
      AUTH_SECRET: "x".repeat(32),
      TOLLGATE_DEMO: "off",
      TOLLGATE_SERVICE_TOKEN_LIMIT: "5",
      NEXTAUTH_URL: "https://tokens.example.com",
      TOLLGATE_API_RATE_LIMIT: "50",
      TOLLGATE_API_FAILED_AUTH_LIMIT: "100",
      TOLLGATE_TRUST_PROXY: "2",
    });
    expect(env).toMatchObject({ apiFailedAuthLimit: 100, trustProxy: 2, port: 8080, dataDir: "/var/lib/tollgate", authSecret: "x".repeat(32), demo: false, serviceTokenLimit: 5, publicUrl: "https://tokens.example.com", apiRateLimit: 50 });
  });

  it("reads TOLLGATE_ALLOWED_HOSTS as a list of host names", () => {
    expect(parseEnv({ TOLLGATE_ALLOWED_HOSTS: " Tollgate.Internal, 10.0.0.5 ,[::2]," }).allowedHosts).toEqual(["tollgate.internal", "10.0.0.5", "[::2]"]);
  });

  it("reads the database timeouts and the direct LISTEN URL, and keeps the query timeout past the statement timeout", () => {
    const env = parseEnv({
      DATABASE_URL: "postgres://u@pgbouncer:6432/tollgate",
      TOLLGATE_LISTEN_DATABASE_URL: "postgres://u@db-direct:5432/tollgate",
      TOLLGATE_DB_CONNECT_TIMEOUT_MS: "2000",
      TOLLGATE_DB_STATEMENT_TIMEOUT_MS: "3000",
      TOLLGATE_DB_QUERY_TIMEOUT_MS: "4000",
    });
    expect(env).toMatchObject({ listenDatabaseUrl: "postgres://u@db-direct:5432/tollgate", databaseConnectTimeoutMs: 2000, databaseStatementTimeoutMs: 3000, databaseQueryTimeoutMs: 4000 });
    expect(parseEnv({ TOLLGATE_DB_STATEMENT_TIMEOUT_MS: "30000" }).databaseQueryTimeoutMs).toBe(31_000);
    expect(parseEnv({ TOLLGATE_DB_STATEMENT_TIMEOUT_MS: "0", TOLLGATE_DB_QUERY_TIMEOUT_MS: "500" })).toMatchObject({ databaseStatementTimeoutMs: 0, databaseQueryTimeoutMs: 500 });
  });

  it("reads the log level, the metrics token and the loopback metrics port", () => {
    const token = "m".repeat(32);
    expect(parseEnv({ LOG_LEVEL: " Warn ", TOLLGATE_METRICS_TOKEN: token, METRICS_PORT: "9464" })).toMatchObject({ logLevel: "warn", metricsToken: token, metricsPort: 9464 });
    expect(parseEnv({ LOG_LEVEL: "silent" }).logLevel).toBe("silent");
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" })).toMatchObject({ port: 3000, databaseUrl: null });
  });

  const bad: Array<[string, string, RegExp]> = [
    ["PORT", "abc", /^Invalid configuration: PORT must be a whole number between 1 and 65535 \(got "abc"\)\.$/],
    ["PORT", "70000", /PORT must be a whole number between 1 and 65535/],
    ["DATABASE_URL", "mysql://x", /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL\.$/],
    ["AUTH_SECRET", "short", /^Invalid configuration: AUTH_SECRET must be at least 32 characters/],
    ["TOLLGATE_DEMO", "maybe", /TOLLGATE_DEMO must be true or false/],
    ["TOLLGATE_ANSWER_CACHE", "sometimes", /TOLLGATE_ANSWER_CACHE must be true or false/],
    ["TOLLGATE_MEMORY_TRIM", "maybe", /TOLLGATE_MEMORY_TRIM must be true or false/],
    ["TOLLGATE_SERVICE_TOKEN_LIMIT", "-1", /TOLLGATE_SERVICE_TOKEN_LIMIT must be a whole number/],
    ["NEXTAUTH_URL", "ftp://x", /NEXTAUTH_URL must be an http:\/\/ or https:\/\/ URL/],
    ["TOLLGATE_API_FAILED_AUTH_LIMIT", "0", /TOLLGATE_API_FAILED_AUTH_LIMIT must be a whole number between 1 and 10000000/],
    ["TOLLGATE_TRUST_PROXY", "yes", /TOLLGATE_TRUST_PROXY must be a whole number between 0 and 10/],
    ["TOLLGATE_ALLOWED_HOSTS", "https://tollgate.internal", /^Invalid configuration: TOLLGATE_ALLOWED_HOSTS must be host names separated by commas/],
    ["TOLLGATE_ALLOWED_HOSTS", "tollgate.internal:8080", /TOLLGATE_ALLOWED_HOSTS must be host names/],
    ["TOLLGATE_ALLOWED_HOSTS", "ok.example,bad name", /TOLLGATE_ALLOWED_HOSTS must be host names/],
    ["TOLLGATE_LISTEN_DATABASE_URL", "pgbouncer:6432", /^Invalid configuration: TOLLGATE_LISTEN_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL\.$/],
    ["TOLLGATE_LISTEN_DATABASE_URL", "postgres://u@db/t", /^Invalid configuration: TOLLGATE_LISTEN_DATABASE_URL needs DATABASE_URL/],
    ["TOLLGATE_DB_CONNECT_TIMEOUT_MS", "5s", /TOLLGATE_DB_CONNECT_TIMEOUT_MS must be a whole number between 100 and 600000/],
    ["TOLLGATE_DB_STATEMENT_TIMEOUT_MS", "-1", /TOLLGATE_DB_STATEMENT_TIMEOUT_MS must be a whole number between 0 and 3600000/],
    ["TOLLGATE_DB_QUERY_TIMEOUT_MS", "0", /TOLLGATE_DB_QUERY_TIMEOUT_MS must be a whole number between 100 and 3600000/],
    ["TOLLGATE_DB_QUERY_TIMEOUT_MS", "5000", /^Invalid configuration: TOLLGATE_DB_QUERY_TIMEOUT_MS must be more than TOLLGATE_DB_STATEMENT_TIMEOUT_MS/],
    ["LOG_LEVEL", "verbose", /^Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "verbose"\)\.$/],
    ["TOLLGATE_METRICS_TOKEN", "too-short", /^Invalid configuration: TOLLGATE_METRICS_TOKEN must be at least 32 characters \(try: openssl rand -hex 32\)\.$/],
    ["TOLLGATE_METRICS_TOKEN", `${"m".repeat(32)} with spaces`, /^Invalid configuration: TOLLGATE_METRICS_TOKEN must be printable ASCII without spaces/],
    ["METRICS_PORT", "0", /METRICS_PORT must be a whole number between 1 and 65535/],
    ["METRICS_PORT", "3000", /^Invalid configuration: METRICS_PORT must differ from PORT \(both are 3000\)/],
  ];
  for (const [name, value, message] of bad) {
    it(`refuses ${name}=${value} with one line naming the variable`, () => {
      let error: unknown;
      try {
        parseEnv({ [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(name);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    });
  }

  it("never echoes a secret value in its error", () => {
    expect(() => parseEnv({ AUTH_SECRET: "hunter2" })).toThrow(/^(?!.*hunter2)/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://user:pa55@h/db" })).toThrow(/^(?!.*pa55)/);
    expect(() => parseEnv({ TOLLGATE_LISTEN_DATABASE_URL: "mysql://user:pa55@h/db" })).toThrow(/^(?!.*pa55)/);
    expect(() => parseEnv({ TOLLGATE_LISTEN_DATABASE_URL: "postgres://user:pa55@h/db" })).toThrow(/^(?!.*pa55)/);
    expect(() => parseEnv({ TOLLGATE_METRICS_TOKEN: "hunter2 hunter2 hunter2 hunter2 hunter2" })).toThrow(/^(?!.*hunter2)/);
  });

  it("listens on loopback in demo mode and on every IPv4 interface otherwise, unless HOST says where", () => {
    expect(parseEnv({}).host).toBe("127.0.0.1");
    expect(parseEnv({ DATABASE_URL: "postgres://u@db/t" }).host).toBe("0.0.0.0");
    expect(parseEnv({ DATABASE_URL: "postgres://u@db/t", HOST: "10.0.0.5" }).host).toBe("10.0.0.5");
    expect(parseEnv({ DATABASE_URL: "postgres://u@db/t", HOST: "::" }).host).toBe("::");
    expect(parseEnv({ DATABASE_URL: "postgres://u@db/t", HOST: "Tollgate.Internal" }).host).toBe("tollgate.internal");
    expect(parseEnv({ HOST: "::1" }).host).toBe("::1");
    expect(parseEnv({ HOST: "localhost" }).host).toBe("localhost");
  });

  it("refuses a HOST that is neither an IP address nor a host name", () => {
    for (const bad of ["not a host", "http://x", "x:80", "-x.example", "a..b", "[::1]"]) {
      expect(() => parseEnv({ HOST: bad }), bad).toThrow(/^Invalid configuration: HOST must be an IP address or a host name/);
    }
  });

  it("refuses to serve demo mode on a network address unless TOLLGATE_DEMO=true was written out", () => {
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "tollgate.example.com"]) {
      expect(() => parseEnv({ HOST: host }), host).toThrow(ConfigError);
      expect(() => parseEnv({ HOST: host }), host).toThrow(/HOST "[^"]+" is reachable from the network, and demo mode's passwords are public: set TOLLGATE_DEMO=true/);
      expect(parseEnv({ HOST: host, TOLLGATE_DEMO: "true" })).toMatchObject({ host, demo: true, demoExplicit: true });
      expect(parseEnv({ HOST: host, DATABASE_URL: "postgres://u@db/t" }).demo).toBe(false);
    }
    for (const loopback of ["127.0.0.1", "127.1.2.3", "::1", "localhost"]) expect(parseEnv({ HOST: loopback }).host).toBe(loopback);
    // Demo mode on PostgreSQL asked for by name is explicit too.
    expect(parseEnv({ DATABASE_URL: "postgres://u@db/t", TOLLGATE_DEMO: "yes" })).toMatchObject({ demo: true, demoExplicit: true, host: "127.0.0.1" });
  });
});
