import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, installLogger, routeConsoleTo } from "./logger";

/** A destination that keeps what is written (the logger writes synchronously). */
function collector() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join("").split("\n").filter(Boolean) };
}

const original = { ...console };
const warningListeners = process.listeners("warning");
afterEach(() => {
  Object.assign(console, original);
  process.removeAllListeners("warning");
  for (const listener of warningListeners) process.on("warning", listener);
});

describe("the logger", () => {
  it("writes one JSON object per line in production, with the level as a word and an ISO time", () => {
    const out = collector();
    const log = createLogger({ level: "info", pretty: false }, out.stream);
    log.info({ reqId: "r1", status: 200 }, "GET /api/v2/tokens 200");
    log.warn("something to look at");
    const [first, second] = out.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ level: "info", reqId: "r1", status: 200, msg: "GET /api/v2/tokens 200" });
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    expect(second).toMatchObject({ level: "warn", msg: "something to look at" });
    expect(out.lines()).toHaveLength(2);
  });

  it("writes nothing below LOG_LEVEL", () => {
    const out = collector();
    const log = createLogger({ level: "warn", pretty: false }, out.stream);
    log.info("not written");
    log.debug("nor this");
    log.error("written");
    expect(out.lines().map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["written"]);
    const silent = collector();
    createLogger({ level: "silent", pretty: false }, silent.stream).fatal("nothing at all");
    expect(silent.lines()).toEqual([]);
  });

  it("writes one human-readable line per entry when not in production", () => {
    const out = collector();
    const log = createLogger({ level: "info", pretty: true }, out.stream);
    log.info({ reqId: "r1", status: 200 }, "GET /settings/authorization 200");
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("INFO");
    expect(lines[0]).toContain("GET /settings/authorization 200");
    expect(lines[0]).toContain('"reqId":"r1"');
    expect(() => JSON.parse(lines[0]!)).toThrow();
  });

  it("replaces credentials in anything logged as an object", () => {
    const out = collector();
    const log = createLogger({ level: "info", pretty: false }, out.stream);
    log.info({ headers: { authorization: "Bearer api-secret", cookie: "next-auth.session-token=abc" }, form: { password: "hunter2" }, secret: "s3cret" }, "an object");
    const line = out.lines()[0]!;
    for (const value of ["api-secret", "session-token=abc", "hunter2", "s3cret"]) expect(line).not.toContain(value);
    expect(JSON.parse(line)).toMatchObject({ headers: { authorization: "[redacted]", cookie: "[redacted]" }, form: { password: "[redacted]" }, secret: "[redacted]" });
  });

  it("turns console output into log entries of the matching level, its text intact", () => {
    const out = collector();
    routeConsoleTo(createLogger({ level: "debug", pretty: false }, out.stream));
    console.log("Setup code: %s (enter it at %s)", "ABCD-EFGH", "http://localhost:3000/setup");
    console.warn("[notifications] the LISTEN connection receives no notifications");
    console.error(new Error("boom"));
    const entries = out.lines().map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(entries.map((e) => e.level)).toEqual(["info", "warn", "error"]);
    expect(out.lines()[0]).toContain("Setup code: ABCD-EFGH (enter it at http://localhost:3000/setup)");
    expect(entries[1]!.msg).toBe("[notifications] the LISTEN connection receives no notifications");
    expect(entries[2]!.msg).toMatch(/^Error: boom\n/);
  });

  it("turns Node's process warnings into warning entries instead of plain text on stderr", async () => {
    const out = collector();
    installLogger(createLogger({ level: "info", pretty: false }, out.stream));
    const warned = new Promise((resolve) => process.once("warning", resolve));
    process.emitWarning("something is deprecated", "DeprecationWarning");
    await warned;
    expect(out.lines().map((line) => JSON.parse(line) as { level: string; msg: string })).toEqual([
      expect.objectContaining({ level: "warn", msg: "DeprecationWarning: something is deprecated" }),
    ]);
  });
});
