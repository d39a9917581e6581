-- The session secret no longer lives in the database: whoever reads a dump or a backup could
-- otherwise forge any member's session. It now comes from AUTH_SECRET, or a file in the embedded
-- database's data directory (lib/auth/secret.ts). Sessions signed with the old one end.
DELETE FROM "settings" WHERE "key" = 'auth_secret';
