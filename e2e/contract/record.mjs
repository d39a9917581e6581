// Loaded into the e2e server with `node --import` (playwright.config.ts), never into production:
// writes every /api/v2 response the server sends — method, path, status, headers, body — as one
// JSON line to TOLLGATE_E2E_CONTRACT_LOG, synchronously before the response ends, so that
// e2e/contract/check.ts can validate each against the OpenAPI document once the run is over.
import { appendFileSync } from "node:fs";
import { ServerResponse } from "node:http";

const log = process.env.TOLLGATE_E2E_CONTRACT_LOG;
const chunks = new WeakMap();
const written = new WeakMap();

const isApi = (res) => {
  const url = res.req?.url ?? "";
  return url === "/api/v2" || url.startsWith("/api/v2/") || url.startsWith("/api/v2?");
};
const toBuffer = (chunk, encoding) => (Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8") : Buffer.from(chunk));

if (log) {
  const { writeHead, write, end } = ServerResponse.prototype;
  ServerResponse.prototype.writeHead = function (status, ...rest) {
    if (isApi(this)) {
      const headers = rest.find((r) => r && typeof r === "object");
      const given = {};
      if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) given[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
      else if (headers) for (const [k, v] of Object.entries(headers)) given[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
      written.set(this, given);
    }
    return writeHead.call(this, status, ...rest);
  };
  ServerResponse.prototype.write = function (chunk, encoding, ...rest) {
    if (isApi(this) && chunk != null && typeof chunk !== "function") (chunks.get(this) ?? chunks.set(this, []).get(this)).push(toBuffer(chunk, encoding));
    return write.call(this, chunk, encoding, ...rest);
  };
  ServerResponse.prototype.end = function (chunk, encoding, ...rest) {
    if (isApi(this) && !this.writableEnded) {
      const body = [...(chunks.get(this) ?? [])];
      if (chunk != null && typeof chunk !== "function") body.push(toBuffer(chunk, encoding));
      const headers = {};
      for (const [k, v] of Object.entries(this.getHeaders())) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
      Object.assign(headers, written.get(this));
      const record = { method: this.req.method, url: this.req.url, status: this.statusCode, headers, body: Buffer.concat(body).toString("utf8") };
      try {
        appendFileSync(log, `${JSON.stringify(record)}\n`);
      } catch {
        // A full disk must not change what the server answers; the check then finds records missing.
      }
    }
    return end.call(this, chunk, encoding, ...rest);
  };
}
