// LaunchDarkly's resource specifiers: `kind/name;selector,selector:kind/name;…` — resources
// scoped within others by `:`, each optionally narrowed by `;` selectors (tags such as `mobile`
// or `qa_*`, or property selectors such as `{critical:true}`), `acct` on its own.

export type Segment = {
  kind: string;
  /** null for a segment without `/` (`acct`, or a malformed one). */
  name: string | null;
  /** What follows `;`, split at top-level commas; null when there is no `;`. */
  selectors: string[] | null;
};

function splitSelectors(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function segmentOf(path: string, selectors: string | null, nested: boolean): Segment {
  // LaunchDarkly's own examples write `…;qa_*:/flag/*`: a stray slash after the colon is read past.
  const text = nested && path.startsWith("/") ? path.slice(1) : path;
  const slash = text.indexOf("/");
  return {
    kind: slash === -1 ? text : text.slice(0, slash),
    name: slash === -1 ? null : text.slice(slash + 1),
    selectors: selectors === null ? null : splitSelectors(selectors),
  };
}

/**
 * The segments of a specifier, in one pass over it. A `:` inside a property selector's braces
 * does not start a new segment; elsewhere it always does.
 */
export function parseSpecifier(text: string): Segment[] {
  const segments: Segment[] = [];
  let path = "";
  let selectors: string | null = null;
  let depth = 0;
  for (const c of text) {
    if (selectors !== null) {
      if (c === "{") depth++;
      else if (c === "}") depth = Math.max(0, depth - 1);
      if (c === ":" && depth === 0) {
        segments.push(segmentOf(path, selectors, segments.length > 0));
        path = "";
        selectors = null;
      } else {
        selectors += c;
      }
    } else if (c === ";") {
      selectors = "";
    } else if (c === ":") {
      segments.push(segmentOf(path, null, segments.length > 0));
      path = "";
    } else {
      path += c;
    }
  }
  segments.push(segmentOf(path, selectors, segments.length > 0));
  return segments;
}

/** The specifier without its selectors: what its names match, as a glob. */
export function selectorFreeGlob(segments: Segment[]): string {
  return segments.map((s) => (s.name === null ? s.kind : `${s.kind}/${s.name}`)).join(":");
}

/** A tag selector (not a property selector such as `{critical:true}`). */
export function isTagSelector(selector: string): boolean {
  return !selector.startsWith("{");
}
