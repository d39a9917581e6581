import type { ReactNode } from "react";

const th = "px-3 py-2 font-medium whitespace-nowrap";
/** The class of a settings list's body cells (and of each row's header cell). */
export const td = "px-3 py-2 align-top";

/** A column's header: its label, or its label and classes of its own; `false` leaves it out. */
export type Column = string | { label: string; className: string } | false;

/**
 * A settings list's table: inside a border that scrolls sideways on a narrow screen, named for
 * screen readers by its caption, with a header row of `columns` (and, with `actions`, a last
 * column for the row menus and buttons, named for screen readers only) and `children` as its
 * body rows. `minWidth` is the table's Tailwind min-w class; `above` sits inside the border, over
 * the table.
 */
export function DataTable({
  caption,
  minWidth,
  columns,
  actions = false,
  above,
  children,
}: {
  caption: string;
  minWidth: string;
  columns: Column[];
  actions?: boolean;
  above?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="relative overflow-x-auto rounded-md border border-slate-200">
      {above}
      <table className={`w-full ${minWidth} text-left text-sm`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column) =>
              column === false ? null : typeof column === "string" ? (
                <th key={column} scope="col" className={th}>{column}</th>
              ) : (
                <th key={column.label} scope="col" className={`${th} ${column.className}`}>{column.label}</th>
              ),
            )}
            {actions && (
              <th scope="col" className={th}>
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

/** What a list shows instead of its table when it has no rows: why, and what to do about it. */
export function EmptyState({ title, hint, children }: { title: string; hint: ReactNode; children?: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-slate-300 px-6 py-10 text-center">
      <p className="font-medium">{title}</p>
      <p className="mt-1 text-sm text-slate-600">{hint}</p>
      {children}
    </div>
  );
}
