/**
 * The one answer for a set-password link that cannot be used, whatever the reason (unknown,
 * used, expired, superseded, revoked, member removed): nothing to probe. Pure, for the page too.
 */
export const DEAD_LINK_MESSAGE = "This link has expired or was already used. Ask an admin for a new one.";
