"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActorOption, HistoryFilters, HistoryListState } from "./view-model";

const label = "block text-xs font-medium text-slate-700";

/** Filters live in the URL (shareable, back button works). */
export function HistoryFiltersBar({
  state,
  navigate,
  actorOptions,
  actionLabels,
  targetKindLabels,
}: {
  state: HistoryListState;
  navigate: (changes: Record<string, string | null>) => void;
  actorOptions: ActorOption[];
  actionLabels: Record<string, string>;
  targetKindLabels: Record<string, string>;
}) {
  // Controls answer at once; the list follows when the navigation lands.
  const [filters, setFilters] = useState(state.filters);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    setFilters(state.filters);
  }

  function change(changes: Partial<HistoryFilters>) {
    const next = { ...filters, ...changes };
    setFilters(next);
    const url: Record<string, string | null> = { ...changes };
    // A day means the viewer's day: the server needs their offset from UTC to place it.
    if ("from" in changes || "to" in changes) url.tz = next.from || next.to ? String(new Date().getTimezoneOffset()) : null;
    navigate(url);
  }

  // A value from the URL that the lists don't offer stays selectable, so the control is truthful.
  const actors = filters.actor && !actorOptions.some((o) => o.value === filters.actor) ? [...actorOptions, { value: filters.actor, label: "Chosen actor" }] : actorOptions;
  const actions = Object.entries(actionLabels).filter(([action]) => !filters.targetKind || action.startsWith(filters.targetKind));
  if (filters.action && !actions.some(([a]) => a === filters.action)) actions.push([filters.action, filters.action]);
  const any = Object.values(filters).some((v) => v !== "");

  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end">
      <div>
        <label htmlFor="history-actor" className={label}>Actor</label>
        <Select id="history-actor" className="mt-1" value={filters.actor} onChange={(e) => change({ actor: e.target.value })}>
          <option value="">Anyone</option>
          {actors.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="history-target-kind" className={label}>Target type</label>
        <Select
          id="history-target-kind"
          className="mt-1"
          value={filters.targetKind}
          // Another kind of target can't be the one target being looked at.
          onChange={(e) => change({ targetKind: e.target.value, targetId: "", action: "" })}
        >
          <option value="">All types</option>
          {Object.entries(targetKindLabels).map(([kind, text]) => (
            <option key={kind} value={kind}>{text}</option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="history-action" className={label}>Action</label>
        <Select id="history-action" className="mt-1" value={filters.action} onChange={(e) => change({ action: e.target.value })}>
          <option value="">All actions</option>
          {actions.map(([action, text]) => (
            <option key={action} value={action}>{text}</option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="history-from" className={label}>From</label>
        <Input id="history-from" type="date" className="mt-1" value={filters.from} max={filters.to || undefined} onChange={(e) => change({ from: e.target.value })} />
      </div>
      <div>
        <label htmlFor="history-to" className={label}>To</label>
        <Input id="history-to" type="date" className="mt-1" value={filters.to} min={filters.from || undefined} onChange={(e) => change({ to: e.target.value })} />
      </div>
      <div>
        {any && (
          <Button variant="ghost" onClick={() => change({ actor: "", targetKind: "", targetId: "", action: "", from: "", to: "" })}>
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
