import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { safeCallbackPath } from "./callback-url";
import { countSignIn, noteCaller } from "../operations";
import { clientIpFrom } from "./client-ip";
import { authSecret } from "./secret";
import { SESSION_MAX_AGE_SECONDS } from "../access";
import { endSessionBySecret, startSession } from "./sessions";
import { signInWithPassword } from "./sign-in";

/** Shown for every wrong email/password pair alike: no hint whether the email exists. */
export const INVALID_CREDENTIALS_MESSAGE = "Incorrect email or password.";

declare module "next-auth" {
  interface Session {
    user: { memberId: string; accountId: string; role: string; email: string; name: string };
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    memberId?: string;
    accountId?: string;
    role?: string;
    /** The session secret (lib/auth/sessions.ts); only inside the encrypted cookie. */
    sid?: string;
  }
}

/**
 * next-auth options. Built per call because the secret may come from the database. The JWT only
 * names the member and their session row; requireMember() re-reads both on every request, so a
 * role change, a removal or an ended session applies to an open session at once.
 */
export async function authOptions(): Promise<NextAuthOptions> {
  env();
  return {
    secret: await authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const clientIp = clientIpFrom(req.headers ?? {});
          const result = await signInWithPassword({ email: credentials?.email, password: credentials?.password, clientIp });
          countSignIn(result);
          if (result.ok) {
            noteCaller({ memberId: result.member.id });
            const userAgent = req.headers?.["user-agent"];
            const sid = await startSession({ memberId: result.member.id, userAgent: typeof userAgent === "string" ? userAgent : null, ip: clientIp });
            return { id: result.member.id, email: result.member.email, name: result.member.name, accountId: result.member.accountId, role: result.member.role, sid };
          }
          if (result.reason === "throttled") {
            const minutes = Math.ceil(result.retryAfterSeconds / 60);
            throw new Error(`Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
          }
          throw new Error(INVALID_CREDENTIALS_MESSAGE);
        },
      }),
    ],
    callbacks: {
      // Every redirect next-auth makes (a callbackUrl given to sign-in or sign-out) stays on this origin.
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
      },
      jwt({ token, user }) {
        if (user) {
          const u = user as typeof user & { accountId: string; role: string; sid: string };
          token.memberId = u.id;
          token.accountId = u.accountId;
          token.role = u.role;
          token.sid = u.sid;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          memberId: token.memberId ?? "",
          accountId: token.accountId ?? "",
          role: token.role ?? "",
          email: token.email ?? "",
          name: token.name ?? "",
        };
        return session;
      },
    },
    events: {
      // Signing out ends the row too: a copy of the cookie kept elsewhere stops working with it.
      signOut: ({ token }) => endSessionBySecret(token?.sid),
    },
    logger: {
      // next-auth logs full errors by default; keep credentials and tokens out of the logs.
      error: (code) => console.error(`[auth] ${code}`),
      warn: () => {},
      debug: () => {},
    },
  };
}
