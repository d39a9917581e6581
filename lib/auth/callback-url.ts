// Where sign-in may send a member afterwards. Pure: the sign-in form runs it in the browser, and
// next-auth's redirect callback on the server.

/** Where a member lands after signing in when the callbackUrl leads anywhere else. */
export const DEFAULT_AFTER_SIGN_IN = "/settings/authorization";

const MAX_LENGTH = 2048;
// Browsers drop tabs and newlines from URLs and read a backslash as a slash, so `/\t/evil`,
// `/\evil` and `//evil` all name another host; percent-encoding can hide any of them from a
// first look, and may be decoded again further along.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f]/g;
const RAW_REFUSED = /[\u0000-\u0020\u007f-\u009f\\]/;

/** Whether a spelling, read as a browser would (controls dropped, backslashes as slashes), leaves this origin. */
function leavesOrigin(form: string): boolean {
  const read = form.replace(CONTROL_OR_SPACE, "").replaceAll("\\", "/");
  return !read.startsWith("/") || read.startsWith("//");
}

/** The value and each spelling percent-decoding it yields, up to a few rounds; null if undecodable. */
function spellings(value: string): string[] | null {
  const forms = [value];
  let current = value;
  for (let round = 0; round < 3; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (decoded === current) break;
    forms.push(decoded);
    current = decoded;
  }
  return forms;
}

/**
 * The path on `origin` a callbackUrl may lead to, or the default page. Accepted: a path of this
 * origin (`/settings/members?x=1#y`), or an absolute URL of this very origin (reduced to its
 * path). Refused, in every spelling and after decoding: other hosts (`https://evil.example`,
 * `//evil.example`), protocol-relative tricks (`/\evil.example`, `/%09/evil.example`, `/%2F/evil`),
 * control characters, backslashes and anything that is not a path.
 */
export function safeCallbackPath(value: unknown, origin: string): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_LENGTH) return DEFAULT_AFTER_SIGN_IN;
  let base: URL;
  try {
    base = new URL(origin);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (RAW_REFUSED.test(value) || spellings(value) === null) return DEFAULT_AFTER_SIGN_IN;
  let candidate = value;
  if (!value.startsWith("/")) {
    // Only an absolute URL of this very origin, never a relative path like "evil.example".
    if (!URL.canParse(value) || new URL(value).origin !== base.origin) return DEFAULT_AFTER_SIGN_IN;
    const url = new URL(value);
    candidate = `${url.pathname}${url.search}${url.hash}`;
  }
  const forms = spellings(candidate);
  if (forms === null || forms.some(leavesOrigin)) return DEFAULT_AFTER_SIGN_IN;
  const resolved = new URL(candidate, base);
  if (resolved.origin !== base.origin) return DEFAULT_AFTER_SIGN_IN;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
