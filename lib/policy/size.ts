// How large a value is as compact JSON, measured without building the JSON: a walk with an
// explicit stack (deep nesting cannot overflow it) that stops as soon as the limit is passed, so
// measuring costs about `limit` steps at most, however large the value.

const encoder = new TextEncoder();

/** Whether `value` as `JSON.stringify` writes it (in UTF-8) is longer than `limit` bytes. */
export function jsonLongerThan(value: unknown, limit: number): boolean {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") {
      // A string is never shorter in UTF-8 than in UTF-16 code units: no need to encode a long one.
      size += next.length > limit ? next.length : encoder.encode(JSON.stringify(next)).length;
    } else if (Array.isArray(next)) {
      size += 2 + Math.max(0, next.length - 1);
      if (size > limit) return true;
      // Holes and undefined are written as null.
      for (let i = 0; i < next.length; i++) pending.push(next[i] ?? null);
    } else if (next !== null && typeof next === "object") {
      size += objectSize(next as Record<string, unknown>, pending, limit - size);
    } else {
      size += typeof next === "number" && Number.isFinite(next) ? String(next).length : typeof next === "boolean" && !next ? 5 : 4;
    }
    if (size > limit) return true;
  }
  return false;
}

/** The braces, keys, colons and commas of an object; its values are pushed to be counted in turn. */
function objectSize(value: Record<string, unknown>, pending: unknown[], budget: number): number {
  let size = 2;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const member = value[key];
    if (member === undefined || typeof member === "function") continue;
    size += encoder.encode(JSON.stringify(key)).length + (size > 2 ? 2 : 1);
    if (size > budget) return size;
    pending.push(member);
  }
  return size;
}
