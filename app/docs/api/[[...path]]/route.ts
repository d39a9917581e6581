import { referenceApp } from "@/lib/api";

// The REST API's reference page (/docs/api) and the viewer's script it loads (/docs/api/scalar.js).
export const dynamic = "force-dynamic";

export const GET = (request: Request) => referenceApp.fetch(request);
