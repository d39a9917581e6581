// Vitest's setup file for the integration project: it runs before each test file, so the
// database is chosen before any module that reads these variables is imported.
// Demo seeding is off unless a test turns it on.
import { testDatabaseKind } from "./env";

if (testDatabaseKind === "postgres") {
  process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/test";
} else {
  delete process.env.DATABASE_URL;
  process.env.TOLLGATE_DATA_DIR ??= "memory://";
}
process.env.TOLLGATE_DEMO ??= "false";
