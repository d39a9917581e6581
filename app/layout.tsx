import type { Metadata } from "next";
import { connection } from "next/server";
import { Toaster } from "@/components/ui/toaster";
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
        {children}
        <Toaster />
      </body>
    </html>
  );
}
