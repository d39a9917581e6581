import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { stopProcess } from "./servers";

/**
 * The PgBouncer binary scripts/ensure-pgbouncer.mjs found or installed (scripts/test.mjs passes
 * it as PGBOUNCER_PATH), or Debian's, or null: then the spec that needs it is skipped.
 */
export const PGBOUNCER_PATH: string | null =
  [process.env.PGBOUNCER_PATH, "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p): p is string => !!p && existsSync(p)) ?? null;

export interface Pooler {
  /** `databaseUrl` rewritten to go through the pooler. */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs a PgBouncer of the test's own (its own config file in a temporary directory, whatever
 * system service the package may have started) in transaction mode on 127.0.0.1:`port`, in
 * front of the PostgreSQL of `databaseUrl`. It forgets `statement_timeout` at connect time, as
 * README's "PostgreSQL and scaling out" tells operators to configure it.
 */
export async function startTransactionPooler(port: number, databaseUrl: string): Promise<Pooler> {
  if (!PGBOUNCER_PATH) throw new Error("no pgbouncer binary");
  const target = new URL(databaseUrl);
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-pgbouncer-"));
  // PgBouncer refuses to run as root: it then runs as nobody, who must be able to read its config.
  chmodSync(dir, 0o755);
  const config = path.join(dir, "pgbouncer.ini");
  writeFileSync(
    config,
    [
      "[databases]",
      `* = host=${target.hostname} port=${target.port || 5432} user=${decodeURIComponent(target.username) || "postgres"}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = any",
      "pool_mode = transaction",
      "ignore_startup_parameters = statement_timeout, extra_float_digits",
      "max_client_conn = 200",
      "default_pool_size = 20",
      "",
    ].join("\n"),
    { mode: 0o644 },
  );
  const args = process.getuid?.() === 0 ? ["-u", "nobody", config] : [config];
  const child = spawn(PGBOUNCER_PATH, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const pooled = new URL(databaseUrl);
  pooled.hostname = "127.0.0.1";
  pooled.port = String(port);
  const pooler: Pooler = {
    url: pooled.toString(),
    output: () => output,
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForPort(child, port, () => output);
  } catch (error) {
    await pooler.stop();
    throw error;
  }
  return pooler;
}

async function waitForPort(child: ChildProcess, port: number, output: () => string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port }, () => (socket.destroy(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pgbouncer did not listen on ${port}:\n${output()}`);
}
