// The operator's command line (`npm run admin`, run by scripts/admin.ts).
export { runAdmin, type AdminIo } from "./admin";
export { parseAdminArgs, passwordFromStdin, USAGE, UsageError, type AdminCommand } from "./admin-args";
