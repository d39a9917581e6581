import type { Metadata } from "next";
import { connection } from "next/server";
import { Toaster } from "@/components/ui/toaster";
import { env } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tollgate", template: "%s · Tollgate" },
  description: "API access tokens for your account",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, never prerendered at build time: its scripts must carry
  // the nonce of the response they arrive in (lib/security-headers.ts), which a page built once
  // cannot know.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        {env().demo && <DemoBanner />}
        {children}
        <Toaster />
      </body>
    </html>
  );
}

/**
 * On every page while demo mode is on: its members' passwords are printed on the sign-in page, so
 * nobody should mistake it for a real install (or put real tokens in it).
 */
function DemoBanner() {
  return (
    <p role="note" className="bg-amber-100 px-4 py-1.5 text-center text-sm font-medium text-amber-950" data-testid="demo-banner">
      Demo mode — passwords are public
    </p>
  );
}
