import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/require-actor";

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's `_log` endpoint writes whatever it is sent into the server's log, for anyone: a
 * way to forge log lines or fill the disk. Tollgate does not serve it. next-auth's browser code
 * only reports its own errors there and needs no answer; the 404 changes nothing for the form.
 */
const CLOSED_ACTIONS = new Set(["_log"]);

async function handler(request: NextRequest, context: Context) {
  const [action] = (await context.params).nextauth;
  if (action !== undefined && CLOSED_ACTIONS.has(action)) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const response: Response = await NextAuth(await authOptions())(request, context);
  // Nothing next-auth answers (session, CSRF token) may be stored by a cache.
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export { handler as GET, handler as POST };
