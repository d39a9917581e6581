// The token domain's public API. Doors (server actions, the REST API) import from here only.
export { createAccessToken, cloneAccessToken } from "./create";
export { updateAccessToken, resetAccessToken, deleteAccessToken } from "./lifecycle";
export { listVisibleTokens, getVisibleToken } from "./queries";
export { serviceTokenUsage, listCustomRolesForPicker, type CustomRoleOption } from "./account";
export { tokenAbilities } from "./views";
export { canActOn, canCreateServiceTokens, grantableRolesFor, tokenResource } from "./permissions";
export {
  DESCRIPTION_MAX_LENGTH,
  MAX_EXPIRY_DAYS,
  MAX_GRACE_DAYS,
  MAX_LIST_LIMIT,
  DEFAULT_LIST_LIMIT,
  NAME_MAX_LENGTH,
} from "./validation";
export { API_VERSIONS, CURRENT_API_VERSION, formatApiVersion, isApiVersion, type ApiVersion } from "./api-versions";
export { obscureToken } from "./format";
export type {
  Actor,
  CreateTokenInput,
  ListTokensQuery,
  RevealedToken,
  TokenAbilities,
  TokenPermission,
  TokenPermissionInput,
  TokenView,
  UpdateTokenInput,
} from "./types";
