"use client";

import { useDebouncedSearch } from "@/components/use-list-navigation";
import { useState } from "react";
import { Input } from "@/components/ui/input";
import type { MembersListState } from "./view-model";

export function MembersToolbar({ state, navigate }: { state: MembersListState; navigate: (changes: Record<string, string | null>) => void }) {
  const [search, setSearch] = useDebouncedSearch(state.search, navigate);
  const [showRemoved, setShowRemoved] = useState(state.showRemoved);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    setShowRemoved(state.showRemoved);
  }

  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="min-w-48 flex-1">
        <label htmlFor="member-search" className="sr-only">Search members by name or email</label>
        <Input id="member-search" type="search" placeholder="Search by name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <label className="flex items-center gap-2 py-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={showRemoved}
          className="h-4 w-4 rounded border-slate-300"
          onChange={(e) => {
            setShowRemoved(e.target.checked);
            navigate({ removed: e.target.checked ? "1" : null });
          }}
        />
        Show removed members
      </label>
    </div>
  );
}
