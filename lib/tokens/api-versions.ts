/** LaunchDarkly REST API versions Tollgate accepts, newest first (README, "The REST API"). */
export const API_VERSIONS = [20240415, 20220603, 20210729, 20191212] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const CURRENT_API_VERSION: ApiVersion = API_VERSIONS[0];

export function isApiVersion(value: unknown): value is ApiVersion {
  return typeof value === "number" && (API_VERSIONS as readonly number[]).includes(value);
}

/** 20240415 → "2024-04-15" for people; the wire keeps the number. */
export function formatApiVersion(version: number): string {
  const s = String(version);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
