// `npm start`: build when there is no build (or the sources are newer than it), then run the
// compiled production server with plain node, with the process settings of
// scripts/server-process.mjs (Node flags and a malloc setting, which must be given when a process
// starts: so the server is a child of this one, which passes signals on and exits as it does).
// The server migrates (and seeds in demo mode) before it serves. Plain JavaScript so it needs
// nothing but Node.
import { spawn } from "node:child_process";
import os from "node:os";
import { ensureBuild, root, serverBundle } from "./ensure-build.mjs";
import { SERVER_ENV, SERVER_NODE_FLAGS } from "./server-process.mjs";

ensureBuild();
const server = spawn(process.execPath, [...process.execArgv, ...SERVER_NODE_FLAGS, serverBundle], {
  cwd: root,
  stdio: "inherit",
  // The caller's own settings win (e.g. another MALLOC_MMAP_THRESHOLD_).
  env: { ...SERVER_ENV, ...process.env, NODE_ENV: "production" },
});
// A terminal's Ctrl-C reaches both processes; a supervisor's SIGTERM only this one. The server
// stops once for either (server.ts).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
