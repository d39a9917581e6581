"use client";

import SettingsError from "./settings/error";

/**
 * The settings layout itself reads the signed-in member from the database, so when the database
 * is down it fails before settings/error.tsx (which sits inside it) can catch anything. This
 * boundary, one level up, shows the same message without the shell instead of Next's bare page.
 */
export default function SettingsLayoutError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-12">
      <SettingsError {...props} />
    </main>
  );
}
