"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type TransitionStartFunction } from "react";

/** Filters live in the URL (shareable, back button works); never anything secret there. */
export function useListNavigation(startTransition: TransitionStartFunction) {
  const router = useRouter();
  const pathname = usePathname();
  const current = useSearchParams();
  // The query last asked for, until the page it leads to arrives (the address bar changes only
  // then): a change made meanwhile builds on it, not on the address bar's older query.
  const asked = useRef<string | null>(null);
  useEffect(() => {
    asked.current = null;
  }, [current]);
  return useCallback(
    (changes: Record<string, string | null>) => {
      // Read the URL now, not from the last render: a debounced search and a filter change
      // may land in either order, and neither may undo the other.
      const next = new URLSearchParams(asked.current ?? window.location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      // A new filter starts at the first page; a cursor (`after`) belongs to the page it came from.
      if (!("page" in changes)) next.delete("page");
      if (!("after" in changes)) next.delete("after");
      const query = next.toString();
      asked.current = query;
      startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
    },
    [router, pathname, startTransition],
  );
}

/**
 * A search box whose text goes to the URL (`?q=`) once typing pauses. Returns the box's value and
 * setter; `current` is the search the page was rendered with.
 */
export function useDebouncedSearch(current: string, navigate: (changes: Record<string, string | null>) => void) {
  const [search, setSearch] = useState(current);
  useEffect(() => {
    if (search.trim() === current) return;
    const timer = setTimeout(() => navigate({ q: search.trim() || null }), 300);
    return () => clearTimeout(timer);
  }, [search, current, navigate]);
  return [search, setSearch] as const;
}
