// Values many test files use alike.
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
/** The permission most tests give a token when the permission is not what they are about. */
export const reader = { kind: "role", role: "reader" } as const;
