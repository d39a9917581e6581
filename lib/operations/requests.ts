import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { acceptedRequestId, methodLabel, type Door } from "./labels";
import type { Logger } from "./logger";
import { countRequest } from "./metrics";

/**
 * One request as the log line and the metrics will describe it. server.ts opens it as the
 * request arrives; the door fills in what only it knows — the API's route template and caller
 * (lib/api/app.ts), the console's signed-in member (lib/auth/session.ts) — and the line is
 * written when the response is over.
 */
export interface RequestRecord {
  id: string;
  door: Door;
  /** A route template, never a raw path (lib/operations/labels.ts). */
  route: string;
  method: string;
  startedAt: number;
  memberId?: string;
  tokenId?: string;
}

const RECORD = Symbol.for("tollgate.requestRecord");
const CONTEXT = Symbol.for("tollgate.requestContext");
type Holder = { [CONTEXT]?: AsyncLocalStorage<RequestRecord> };
type Tagged = { [RECORD]?: RequestRecord };

// Shared by both bundles: server.ts runs Next's handler inside it, and the session code in
// Next's bundle notes the member into it.
const context = ((globalThis as Holder)[CONTEXT] ??= new AsyncLocalStorage<RequestRecord>());

/**
 * Starts observing a request: its id (the client's X-Request-Id when it is a safe short token,
 * else a new UUID) goes back in the response's X-Request-Id, and when the response is over one
 * line is logged and the request counted. Query strings, headers and bodies are never logged.
 */
export function observeRequest(req: IncomingMessage, res: ServerResponse, door: Door, route: string, log: Logger, clientIp: string | null): RequestRecord {
  const record: RequestRecord = {
    id: acceptedRequestId(req.headers["x-request-id"]) ?? randomUUID(),
    door,
    route,
    method: methodLabel(req.method),
    startedAt: performance.now(),
  };
  (req as Tagged)[RECORD] = record;
  res.setHeader("X-Request-Id", record.id);
  res.once("close", () => finish(record, res, log, clientIp));
  return record;
}

const requestLineLoggers = new WeakMap<Logger, Logger>();

/**
 * `log` without its redaction pass, for the request line alone: its fields are fixed and none is
 * named like a secret (the id refuses token-shaped values, the route is a template, never a
 * path), so redaction could never change it — and it cost about 20 µs a line, a quarter of a
 * cached API answer's CPU (docs/benchmarks.md). Every other entry is still redacted.
 */
function requestLineLogger(log: Logger): Logger {
  let child = requestLineLoggers.get(log);
  if (!child) requestLineLoggers.set(log, (child = log.child({}, { redact: [] })));
  return child;
}

function finish(record: RequestRecord, res: ServerResponse, log: Logger, clientIp: string | null) {
  const ms = performance.now() - record.startedAt;
  const status = res.statusCode;
  countRequest(record.door, record.route, record.method, status, ms / 1000);
  const level = status >= 500 ? "error" : "info";
  if (!log.isLevelEnabled(level)) return;
  requestLineLogger(log)[level](
    {
      reqId: record.id,
      door: record.door,
      route: record.route,
      method: record.method,
      status,
      ms: Math.round(ms * 10) / 10,
      ip: clientIp,
      ...(record.memberId ? { memberId: record.memberId } : {}),
      ...(record.tokenId ? { tokenId: record.tokenId } : {}),
      // The client went away before the whole response was sent.
      ...(res.writableFinished ? {} : { aborted: true }),
    },
    `${record.method} ${record.route} ${status}`,
  );
}

/** The record server.ts opened for this Node request (the API reads it through Hono's bindings). */
export function requestRecordOf(req: IncomingMessage | undefined): RequestRecord | undefined {
  return req ? (req as Tagged)[RECORD] : undefined;
}

/** Runs `handle` with `record` as the current request of everything it calls (Next's handler). */
export function runInRequest<T>(record: RequestRecord, handle: () => T): T {
  return context.run(record, handle);
}

/** Notes who is calling into the current request's log line; nothing outside a request observed by server.ts. */
export function noteCaller(caller: { memberId?: string; tokenId?: string }, record: RequestRecord | undefined = context.getStore()): void {
  if (!record) return;
  if (caller.memberId) record.memberId = caller.memberId;
  if (caller.tokenId) record.tokenId = caller.tokenId;
}
