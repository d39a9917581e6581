// The custom-roles domain's public API. Doors (server actions, the REST API) import from here only.
export { listRoles, listRolePage, DEFAULT_ROLE_PAGE_SIZE, getRole, roleUsage, assertCustomRolesInAccount, listCustomRolesForPicker } from "./queries";
export { createRole, updateRole, deleteRole } from "./mutations";
export {
  BASE_PERMISSIONS,
  ROLE_DESCRIPTION_MAX_LENGTH,
  ROLE_KEY_MAX_LENGTH,
  ROLE_KEY_PATTERN,
  ROLE_NAME_MAX_LENGTH,
  describePolicyErrors,
  isRoleKey,
  parseCreateRole,
  parseRolePolicy,
  parseUpdateRole,
  roleDescriptionSchema,
  roleKeySchema,
  roleNameSchema,
} from "./validation";
export type { BasePermissions, CreateRoleInput, CustomRoleOption, DeletedRole, RoleUsage, RoleView, UpdateRoleInput } from "./types";
