// LaunchDarkly's query language for `GET /members`: `filter`, `sort` and `expand`, turned into the
// members domain's typed query. Unknown fields are refused by name rather than ignored, so a
// script never gets a 200 with a list it did not ask for.
import type { LastSeenFilter, ListMembersQuery, MemberSortField } from "../../members";
import { ApiError } from "../errors";

type MemberFilter = Pick<ListMembersQuery, "search" | "roles" | "ids" | "emails" | "lastSeen" | "team" | "noTeam">;

const invalid = (message: string) => new ApiError("invalid_request", message);

/** Splits at commas outside braces, so a `lastSeen` JSON object may hold commas of its own. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{") depth++;
    else if (ch === "}") depth = Math.max(0, depth - 1);
    else if (ch === "," && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((t) => t.trim()).filter((t) => t !== "");
}

const listOf = (value: string) => value.split("|").map((v) => v.trim()).filter((v) => v !== "");

function parseLastSeen(value: string): LastSeenFilter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const form = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const keys = Object.keys(form);
  if (keys.length === 1 && form.never === true) return { never: true };
  if (keys.length === 1 && form.noData === true) return { noData: true };
  if (keys.length === 1 && typeof form.before === "number" && Number.isSafeInteger(form.before) && form.before >= 0) {
    return { before: new Date(form.before) };
  }
  throw invalid('filter lastSeen must be {"never": true}, {"noData": true} or {"before": <milliseconds since the epoch>}');
}

function parseBoolean(field: string, value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalid(`filter ${field} must be true or false`);
}

const FILTER_FIELDS: Record<string, (value: string, filter: MemberFilter) => void> = {
  query: (value, f) => void (f.search = value),
  role: (value, f) => void (f.roles = listOf(value)),
  id: (value, f) => void (f.ids = listOf(value)),
  email: (value, f) => void (f.emails = listOf(value)),
  lastSeen: (value, f) => void (f.lastSeen = parseLastSeen(value)),
  team: (value, f) => void (f.team = value),
  noteam: (value, f) => void (f.noTeam = parseBoolean("noteam", value)),
  accessCheck: () => {
    // LaunchDarkly answers it only up to API version 20220603; Tollgate does not evaluate members'
    // policies for a list.
    throw invalid("filter accessCheck is not supported");
  },
};

/** `field:value` terms separated by commas; a field may appear once. */
export function parseMemberFilter(text: string | undefined): MemberFilter {
  const filter: MemberFilter = {};
  const seen = new Set<string>();
  for (const term of splitTerms(text ?? "")) {
    const colon = term.indexOf(":");
    if (colon <= 0) throw invalid(`filter terms are field:value, not "${term.slice(0, 40)}"`);
    const field = term.slice(0, colon).trim();
    const apply = Object.hasOwn(FILTER_FIELDS, field) ? FILTER_FIELDS[field] : undefined;
    if (!apply) throw invalid(`Unknown filter field "${field.slice(0, 40)}": use ${Object.keys(FILTER_FIELDS).join(", ")}`);
    if (seen.has(field)) throw invalid(`filter names ${field} more than once`);
    seen.add(field);
    apply(term.slice(colon + 1).trim(), filter);
  }
  return filter;
}

const SORT_FIELDS: readonly MemberSortField[] = ["displayName", "lastSeen"];

/** Comma-separated fields, `-` in front for descending. */
export function parseMemberSort(text: string | undefined): ListMembersQuery["sort"] {
  return splitTerms(text ?? "").map((term) => {
    const descending = term.startsWith("-");
    const field = descending ? term.slice(1) : term;
    if (!(SORT_FIELDS as readonly string[]).includes(field)) {
      throw invalid(`Unknown sort field "${field.slice(0, 40)}": use ${SORT_FIELDS.join(" or ")}, with - in front for descending`);
    }
    return { field: field as MemberSortField, descending };
  });
}

export type MemberExpansion = "customRoles" | "roleAttributes";
const EXPANSIONS: readonly MemberExpansion[] = ["customRoles", "roleAttributes"];

export function parseMemberExpand(text: string | undefined): Set<MemberExpansion> {
  const fields = splitTerms(text ?? "");
  for (const field of fields) {
    if (!(EXPANSIONS as readonly string[]).includes(field)) throw invalid(`Unknown expand field "${field.slice(0, 40)}": use ${EXPANSIONS.join(" or ")}`);
  }
  return new Set(fields as MemberExpansion[]);
}
