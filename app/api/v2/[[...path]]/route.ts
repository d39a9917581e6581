import { apiApp } from "@/lib/api";

// `next dev` serves the REST API through this route; in production server.ts answers /api/v2
// before Next's router is involved (about 5× the throughput).
export const dynamic = "force-dynamic";

const handler = (request: Request) => apiApp().fetch(request);

export { handler as GET, handler as POST, handler as PATCH, handler as PUT, handler as DELETE, handler as OPTIONS, handler as HEAD };
