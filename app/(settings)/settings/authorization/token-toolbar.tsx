"use client";

import { useDebouncedSearch } from "@/components/use-list-navigation";
import { useState } from "react";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ListState } from "./view-model";

export function TokenToolbar({ state, navigate }: { state: ListState; navigate: (changes: Record<string, string | null>) => void }) {
  const [search, setSearch] = useDebouncedSearch(state.search, navigate);
  // Controls answer at once; the list follows when the navigation lands.
  const [type, setType] = useState(state.type);
  const [showAll, setShowAll] = useState(state.showAll);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    setType(state.type);
    setShowAll(state.showAll);
  }

  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="min-w-48 flex-1">
        <label htmlFor="token-search" className="sr-only">Search tokens by name</label>
        <Input id="token-search" type="search" placeholder="Search by name" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <div>
        <label htmlFor="token-type" className="sr-only">Token type</label>
        <Select
          id="token-type"
          value={type}
          onChange={(e) => {
            setType(e.target.value as ListState["type"]);
            navigate({ type: e.target.value === "all" ? null : e.target.value });
          }}
        >
          <option value="all">All types</option>
          <option value="personal">Personal</option>
          <option value="service">Service</option>
        </Select>
      </div>
      {state.canShowAll && (
        <label className="flex items-center gap-2 py-2 text-sm text-slate-700">
          <input
            type="checkbox"
            role="switch"
            aria-checked={showAll}
            checked={showAll}
            className="h-4 w-4 rounded border-slate-300"
            onChange={(e) => {
              setShowAll(e.target.checked);
              navigate({ showAll: e.target.checked ? "1" : null });
            }}
          />
          Show all members’ tokens
        </label>
      )}
    </div>
  );
}
