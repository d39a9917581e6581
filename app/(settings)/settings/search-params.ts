// What the settings pages read from their URL, read alike on every page.

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Rows a settings page lists at once. */
export const PAGE_SIZE = 25;

/** One value of a parameter ("" when absent; the first when repeated). */
export const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** The page number asked for: 1 when absent or nonsense, at most 10,000. */
export function pageNumber(params: Record<string, string | string[] | undefined>): number {
  return Math.min(Math.max(1, Number.parseInt(one(params.page), 10) || 1), 10_000);
}
