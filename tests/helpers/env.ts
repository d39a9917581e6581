/**
 * Integration tests run against whichever database scripts/test.mjs selected:
 * - TOLLGATE_TEST_DB=postgres → DATABASE_URL (a schema reset before the run);
 * - otherwise PGlite in memory (TOLLGATE_DATA_DIR=memory://), fresh for each test file.
 * The variables are set by `setup-env.ts`, Vitest's setup file for the integration project, so
 * they are in place before a test file imports anything that reads them; a test file imports
 * this module only to name the database in its titles.
 */
export const testDatabaseKind: "postgres" | "pglite" = process.env.TOLLGATE_TEST_DB === "postgres" ? "postgres" : "pglite";
