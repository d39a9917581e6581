import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";

// The production server refuses to start on a bad value, with one line naming the variable.
const cases: Array<[Record<string, string>, string]> = [
  [{ PORT: "abc" }, 'Invalid configuration: PORT must be a whole number between 1 and 65535 (got "abc").'],
  [{ DATABASE_URL: "mysql://root@localhost/db" }, "Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL."],
  [{ TOLLGATE_DEMO: "maybe" }, 'Invalid configuration: TOLLGATE_DEMO must be true or false (also 1/0, yes/no, on/off) (got "maybe").'],
  [{ AUTH_SECRET: "too-short" }, "Invalid configuration: AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)."],
  [{ HOST: "not a host" }, 'Invalid configuration: HOST must be an IP address or a host name (e.g. 127.0.0.1, 0.0.0.0, ::, tollgate.internal) (got "not a host").'],
  // Demo mode by default (no DATABASE_URL, TOLLGATE_DEMO unset) on every interface.
  [
    { HOST: "0.0.0.0" },
    `Invalid configuration: HOST "0.0.0.0" is reachable from the network, and demo mode's passwords are public: set TOLLGATE_DEMO=true to serve the demo there anyway, or DATABASE_URL for a real install.`,
  ],
  // Checked before the database is opened: this one does not exist.
  [
    { DATABASE_URL: "postgres://nobody@127.0.0.1:1/nothing" },
    "Invalid configuration: AUTH_SECRET must be set with DATABASE_URL outside demo mode, so that every instance signs sessions alike (make one with: openssl rand -base64 32).",
  ],
];

for (const [vars, message] of cases) {
  test(`the server refuses to start with ${Object.keys(vars).join(", ")}=${Object.values(vars).join(", ")} and says why in one line`, () => {
    const result = spawnSync(process.execPath, ["dist/server.mjs"], {
      env: { PATH: process.env.PATH, NODE_ENV: "production", TOLLGATE_DATA_DIR: "memory://", ...vars },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(message);
  });
}
