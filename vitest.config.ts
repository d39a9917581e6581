import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Unit tests (lib/**) are pure and fast; integration tests (tests/integration/**) talk to a real
// database and run once per database mode — see scripts/test.ts.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
