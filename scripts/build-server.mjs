import { build } from "esbuild";


// server.ts is compiled at build time so `npm start` runs it with plain `node`. Packages stay
// external: Node loads them from node_modules, like Next's own server bundle does.
await build({
  entryPoints: ["server.ts"],
  outfile: "dist/server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("built dist/server.mjs");
