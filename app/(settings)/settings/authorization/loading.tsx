import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading access tokens…" titleWidth="w-48" rows={5} />;
}
