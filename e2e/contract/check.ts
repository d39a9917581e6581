import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { existsSync, readFileSync } from "node:fs";

/**
 * The contract check: every /api/v2 response of the run (recorded by record.mjs) against the
 * OpenAPI document the server publishes. An operation's response must have a documented status,
 * every header the document requires, no API header the document does not list for it, and a body
 * that its schema accepts — the schemas forbid fields they do not name, so a new field or status
 * that the document lacks fails the run. Requests to a path the document lacks must be 404 (or a
 * refusal before it: 401, 429); a method the path lacks, 405 with Allow. CORS preflights are the
 * CORS protocol, not operations: they must allow any origin and never credentials.
 */

type Json = Record<string, unknown>;
export interface ApiRecord {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}
interface Header {
  required?: boolean;
  schema?: Json;
}
interface Response {
  headers?: Record<string, Header>;
  content?: Record<string, { schema: Json }>;
}
interface Operation {
  operationId: string;
  responses: Record<string, Response>;
}
type Document = { paths: Record<string, Record<string, Operation>>; components?: { headers?: Record<string, Header> } };

/** Headers the API itself decides; any other (content-type, cache-control, …) is HTTP's or the security policy's. */
const API_HEADERS = ["x-ratelimit-route-remaining", "x-ratelimit-reset", "ld-api-version", "retry-after", "allow", "x-request-id", "access-control-allow-origin"];
/** Statuses a path the API lacks may answer: a refusal comes before the 404 of an unknown path. */
const UNKNOWN_PATH = [401, 404, 429, 503];

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

export function contractChecker(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document as object, "openapi");
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (ref: string) => {
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: `openapi#/${ref}` })));
    return validate;
  };
  const templates = Object.keys(document.paths).map((path) => ({ path, pattern: new RegExp(`^${path.replace(/\{[^/]+\}/g, "[^/]+")}$`) }));
  const errorRef = pointer("components", "schemas", "Error");

  function bodyProblems(ref: string, body: string): string[] {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [`body is not JSON: ${body.slice(0, 80)}`];
    }
    const validate = validatorAt(ref);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
  }

  /** What is wrong with one recorded response; empty when it keeps the contract. */
  return function problems(record: ApiRecord): string[] {
    const path = new URL(record.url, "http://api").pathname;
    const method = record.method.toLowerCase();
    if (method === "options") {
      const ok = record.status === 204 && record.headers["access-control-allow-origin"] === "*" && !("access-control-allow-credentials" in record.headers);
      return ok ? [] : [`CORS preflight answered ${record.status} with ${JSON.stringify(record.headers)}`];
    }
    const template = templates.find((t) => t.pattern.test(path));
    if (!template) {
      if (!UNKNOWN_PATH.includes(record.status)) return [`a path the document lacks answered ${record.status}`];
      return bodyProblems(errorRef, record.body);
    }
    const item = document.paths[template.path]!;
    const operation = item[method === "head" ? "get" : method];
    if (!operation) {
      const problems = record.status === 405 ? [] : [`${record.method} is not documented for ${template.path}, yet answered ${record.status} (not 405)`];
      if (!record.headers.allow) problems.push("405 without Allow");
      return [...problems, ...bodyProblems(errorRef, record.body)];
    }
    const response = operation.responses[String(record.status)];
    if (!response) return [`${operation.operationId}: status ${record.status} is not documented (documented: ${Object.keys(operation.responses).join(", ")})`];
    const schemaAt = pointer("paths", template.path, method === "head" ? "get" : method, "responses", String(record.status), "content", "application/json", "schema");
    const found: string[] = [];
    const documented = new Map(Object.entries(response.headers ?? {}).map(([name, header]) => [name.toLowerCase(), header]));
    for (const [name, header] of documented) {
      const value = record.headers[name];
      if (value === undefined) {
        if (header.required) found.push(`required header ${name} missing`);
        continue;
      }
      if (header.schema && !ajv.validate(header.schema, value)) found.push(`header ${name}: ${JSON.stringify(value)} ${ajv.errorsText()}`);
    }
    for (const name of API_HEADERS) if (name in record.headers && !documented.has(name)) found.push(`header ${name} is not documented for this response`);
    const content = response.content?.["application/json"];
    if (method === "head") return found.map((p) => `${operation.operationId} ${record.status}: ${p}`);
    if (content) found.push(...bodyProblems(schemaAt, record.body));
    else if (record.body !== "") found.push(`a body where the document has none: ${record.body.slice(0, 80)}`);
    return found.map((p) => `${operation.operationId} ${record.status}: ${p}`);
  };
}

export function readRecords(file: string): ApiRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ApiRecord);
}
