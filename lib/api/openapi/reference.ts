import { readFile } from "node:fs/promises";
import path from "node:path";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import { API_BASE } from "../paths";
import { OPENAPI_PATH } from "./document";

export const REFERENCE_PATH = "/docs/api";
const VIEWER_PATH = `${REFERENCE_PATH}/scalar.js`;
/** Scalar's browser bundle, served from this app: the page needs no CDN and works offline. */
const VIEWER_FILE = path.join(process.cwd(), "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");

/** The nonce server.ts drew for this response, as it put it into the request's policy. */
function nonceOf(request: Request): string | undefined {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(request.headers.get("content-security-policy") ?? "")?.[1];
}

const page = Scalar({
  url: `${API_BASE}${OPENAPI_PATH}`,
  cdn: VIEWER_PATH,
  pageTitle: "Tollgate REST API",
  // Scalar's default fonts come from its own servers; the policy (and an offline install) has none.
  withDefaultFonts: false,
  // Nothing leaves the page for Scalar's services: no telemetry, no AI agent, no hosted client.
  telemetry: false,
  agent: { disabled: true },
  hideClientButton: true,
  showDeveloperTools: "never",
});

let viewer: Promise<Buffer> | undefined;

/**
 * The API reference page, rendered in the browser by Scalar's viewer from /api/v2/openapi.json.
 * Scalar's page has an inline script that starts the viewer: each script tag gets the response's
 * nonce, so it runs under the page policy (lib/security-headers.ts) like any Next.js page's.
 */
export const referenceApp = new Hono()
  .get(REFERENCE_PATH, async (c) => {
    const answer = await page(c, async () => {});
    const nonce = nonceOf(c.req.raw);
    if (!(answer instanceof Response) || !nonce) return answer;
    const html = (await answer.text()).replaceAll("<script", `<script nonce="${nonce}"`);
    return c.html(html);
  })
  .get(VIEWER_PATH, async (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(new Uint8Array(await (viewer ??= readFile(VIEWER_FILE))));
  });
