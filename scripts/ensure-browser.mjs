// Makes sure a Chromium is there for the Playwright tests. Playwright cannot download its own
// browser on machines without internet access, so Debian's Chromium is the default; it is
// installed with apt-get when possible, and otherwise the user is told what to run.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { aptInstall } from "./apt-install.mjs";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  try {
    const bundled = execFileSync(process.execPath, ["-e", "process.stdout.write(require('playwright-core').chromium.executablePath())"], { encoding: "utf8" });
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // playwright-core missing or no bundled browser: fall through.
  }
  return null;
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  console.log("Chromium is missing: installing Debian's chromium with apt-get if possible…");
  if (aptInstall("chromium") && existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  console.error("No Chromium found for the end-to-end tests. Install one with: npx playwright install chromium");
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`Chromium: ${ensureChromium()}`);
}
