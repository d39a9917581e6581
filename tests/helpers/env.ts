/**
 * Integration tests run against whichever database scripts/test.mjs selected:
 * - TOLLGATE_TEST_DB=postgres → DATABASE_URL (a schema reset before the run);
 * - otherwise PGlite in memory (TOLLGATE_DATA_DIR=memory://), fresh for each test file.
 * Demo seeding is off unless a test turns it on.
 */
export const testDatabaseKind: "postgres" | "pglite" = process.env.TOLLGATE_TEST_DB === "postgres" ? "postgres" : "pglite";

if (testDatabaseKind === "postgres") {
  process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/test";
} else {
  delete process.env.DATABASE_URL;
  process.env.TOLLGATE_DATA_DIR ??= "memory://";
}
process.env.TOLLGATE_DEMO ??= "false";
