import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { E2E_AUTH_SECRET, SERVICE_TOKEN_LIMIT } from "./support";

/** Another production server (dist/server.mjs), started by a spec, with its output kept. */
export interface ExtraServer {
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Whether the process is still alive. */
  running(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/server.mjs` on `port` and waits until its API root answers. Without a
 * DATABASE_URL it gets a fresh embedded database of its own (PGlite can't share a directory),
 * removed when it stops; with one, the e2e session secret, so sessions of the main server work on it.
 */
export async function startServer(port: number, env: Record<string, string> = {}): Promise<ExtraServer> {
  const dataDir = env.DATABASE_URL ? null : mkdtempSync(path.join(tmpdir(), "tollgate-extra-"));
  const child = spawn(process.execPath, ["dist/server.mjs"], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      TOLLGATE_DEMO: "true",
      TOLLGATE_SERVICE_TOKEN_LIMIT: String(SERVICE_TOKEN_LIMIT),
      ...(dataDir ? { TOLLGATE_DATA_DIR: dataDir } : { AUTH_SECRET: E2E_AUTH_SECRET }),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://localhost:${port}`;
  const server: ExtraServer = {
    url,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      await stopProcess(child);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilServing(child, `${url}/api/v2`, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilServing(child: ChildProcess, url: string, output: () => string) {
  // Generous: the first start migrates and seeds; a test's own timeout still bounds it.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the extra server exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the extra server did not start:\n${output()}`);
}

/** Stops a child process: SIGTERM, then SIGKILL if it has not exited after 5 seconds. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
