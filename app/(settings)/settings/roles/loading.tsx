import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading roles…" titleWidth="w-32" rows={4} rowHeight="h-10" />;
}
