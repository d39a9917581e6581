import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading change history…" titleWidth="w-56" rows={6} headerRow />;
}
