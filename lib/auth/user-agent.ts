// A session's browser and operating system, for the member's own "Active sessions" list. Only a
// hint to recognise one's own devices (the header is whatever the client sent), so a small
// matcher over the handful of browsers and systems people use is enough; anything else is
// "Unknown". Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari",
// Android also says "Linux", and iPadOS may say "Macintosh".

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\bHeadlessChrome\//, "Chrome (headless)"],
  [/\b(Chrome|CriOS|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/^curl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\b(iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const first = (ua: string, table: [RegExp, string][]) => table.find(([pattern]) => pattern.test(ua))?.[1] ?? "Unknown";

export function describeUserAgent(userAgent: string | null | undefined): { browser: string; os: string } {
  // Bounded: the header can be long, and nothing useful lies past the first few hundred characters.
  const ua = (userAgent ?? "").slice(0, 512);
  return { browser: first(ua, BROWSERS), os: first(ua, SYSTEMS) };
}
