// The token domain's public API. Doors (server actions, the REST API) import from here only.
export { createAccessToken, cloneAccessToken } from "./create";
export { updateAccessToken, resetAccessToken, deleteAccessToken } from "./lifecycle";
export { listVisibleTokens, getVisibleToken, serviceTokenUsage } from "./queries";
export { tokenAbilities } from "./views";
export {
  DESCRIPTION_MAX_LENGTH,
  MAX_EXPIRY_DAYS,
  MAX_GRACE_DAYS,
  DEFAULT_LIST_LIMIT,
  NAME_MAX_LENGTH,
} from "./validation";
export { API_VERSIONS, CURRENT_API_VERSION, formatApiVersion, isApiVersion, type ApiVersion } from "./api-versions";
export type {
  CreateTokenInput,
  ListTokensQuery,
  RevealedToken,
  TokenPage,
  TokenPermission,
  TokenPermissionInput,
  TokenView,
  UpdateTokenInput,
} from "./types";
