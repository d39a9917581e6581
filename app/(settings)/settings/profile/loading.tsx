import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading your profile…" titleWidth="w-32" rows={6} rowHeight="h-10" />;
}
