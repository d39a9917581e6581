// One request through the REST API's real routes (no HTTP server), from a client address the
// test chooses, answered as status, headers and raw body text.
import { createApiApp } from "@/lib/api";
import { CLIENT_IP_HEADER } from "@/lib/auth";

const api = createApiApp();

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON (undefined when it is not JSON). */
  json: { code?: string; message?: string } & Record<string, unknown>;
}

export async function apiCall(
  method: string,
  path: string,
  options: { secret?: string; body?: unknown; rawBody?: string; ip?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...options.headers, [CLIENT_IP_HEADER]: options.ip ?? "198.51.100.40" };
  if (options.secret !== undefined) headers.authorization = options.secret;
  Object.assign(headers, options.headers);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await api.request(`/api/v2${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let json: ApiAnswer["json"] = {};
  try {
    json = JSON.parse(text) as ApiAnswer["json"];
  } catch {
    // not JSON (a 204, say)
  }
  return { status: response.status, headers: response.headers, text, json };
}
