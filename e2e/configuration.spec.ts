import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";

// The production server refuses to start on a bad value, with one line naming the variable.
const cases: Array<[Record<string, string>, string]> = [
  [{ PORT: "abc" }, 'Invalid configuration: PORT must be a whole number between 1 and 65535 (got "abc").'],
  [{ DATABASE_URL: "mysql://root@localhost/db" }, "Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL."],
  [{ TOLLGATE_DEMO: "maybe" }, 'Invalid configuration: TOLLGATE_DEMO must be true or false (also 1/0, yes/no, on/off) (got "maybe").'],
  [{ AUTH_SECRET: "too-short" }, "Invalid configuration: AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)."],
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
