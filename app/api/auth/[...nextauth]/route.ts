import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context) {
  const response: Response = await NextAuth(await authOptions())(request, context);
  // Nothing next-auth answers (session, CSRF token) may be stored by a cache.
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export { handler as GET, handler as POST };
