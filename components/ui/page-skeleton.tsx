/**
 * A settings page's placeholder while it renders: a heading bar and a card of rows. The widths and
 * heights are whole class names so that Tailwind finds them in the pages that pass them.
 */
export function PageSkeleton({
  label,
  titleWidth,
  rows,
  rowHeight = "h-8",
  headerRow = false,
}: {
  label: string;
  titleWidth: string;
  rows: number;
  rowHeight?: string;
  headerRow?: boolean;
}) {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <p className="sr-only">{label}</p>
      <div className={`h-8 ${titleWidth} animate-pulse rounded bg-slate-200`} />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        {headerRow && <div className="h-10 animate-pulse rounded bg-slate-100" />}
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className={`${rowHeight} animate-pulse rounded bg-slate-100`} />
        ))}
      </div>
    </div>
  );
}
