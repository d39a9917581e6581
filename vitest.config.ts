import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = { "@": fileURLToPath(new URL(".", import.meta.url)) };

// Two projects: `unit` (pure lib/ rules, no database) and `integration` (real database; run by
// scripts/test.mjs once on PGlite and once on PostgreSQL, chosen by environment variables).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["lib/**/*.test.ts", "e2e/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // Chooses the database (environment variables) before each file imports anything.
          setupFiles: ["tests/helpers/setup-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file opens its own database client; files on one PGlite directory must not
          // run at once, and PostgreSQL files share one database (isolated by account).
          fileParallelism: false,
        },
      },
    ],
  },
});
