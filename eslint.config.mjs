import { readdirSync } from "node:fs";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Every folder under lib/ is a module. Other code imports a module through its index.ts only
// (docs/architecture.md, "Modules and their entry points"); these files are entry points too:
const ENTRY_POINTS = [
  "auth/require-actor", // the console's way into lib/auth: Next.js only (cookies, headers), so not in index.ts
  "text/characters", // the browser-safe half of the text rule (the policy editor runs it)
  "passwords/strength", // the browser-safe password rule (the strength meter runs it)
  "passwords/dead-link", // the set-password form's message for a dead link (browser-safe)
  "auth/callback-url", // where sign-in may lead: the sign-in and setup forms run it in the browser
  "setup/messages", // the setup form's messages (browser-safe)
];
// Tests read a token as stored, whoever may see it, to prove that nothing was written.
const TEST_ENTRY_POINTS = [...ENTRY_POINTS, "tokens/queries"];

const MODULES = readdirSync(new URL("./lib", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** `@/lib/<module>/<file>`, or `../<module>/<file>` at any depth, unless it is an entry point. */
function moduleBoundaries(entryPoints) {
  const entries = ["[a-z-]+/index", ...entryPoints].map((path) => `${path}$`).join("|");
  return [
    "error",
    {
      patterns: [
        {
          regex: `^(@/lib/|(\\.\\./)+(lib/)?)(?=(${MODULES.join("|")})/)(?!(${entries}))`,
          message: "Import another module through its index.ts (or an entry point listed in eslint.config.mjs).",
        },
      ],
    },
  ];
}

const config = [
  ...nextVitals,
  ...nextTs,
  { files: ["**/*.{ts,tsx,mjs}"], rules: { "no-restricted-imports": moduleBoundaries(ENTRY_POINTS) } },
  { files: ["tests/**/*.ts"], rules: { "no-restricted-imports": moduleBoundaries(TEST_ENTRY_POINTS) } },
  {
    ignores: [".next/**", "dist/**", "node_modules/**", ".data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".bench/**", "docs/**"],
  },
];

export default config;
