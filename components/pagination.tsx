import { Button } from "@/components/ui/button";

/** "1–25 of 27" with Previous / Next, for lists whose page lives in the URL. */
export function Pagination({
  page,
  pageSize,
  totalCount,
  onPage,
}: {
  page: number;
  pageSize: number;
  totalCount: number;
  onPage: (page: number) => void;
}) {
  if (totalCount <= pageSize) return null;
  const pages = Math.max(1, Math.ceil(totalCount / pageSize));
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
      <p className="text-slate-600">
        {(page - 1) * pageSize + 1}–{Math.min(page * pageSize, totalCount)} of {totalCount}
      </p>
      <div className="flex gap-2">
        <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Button variant="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
