export const API_BASE = "/api/v2";

export const selfLink = (path: string) => ({ self: { href: `${API_BASE}${path}`, type: "application/json" as const } });
