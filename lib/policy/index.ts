export {
  ALL_ACTIONS,
  BUILT_IN_ROLES,
  OTHER_ACTIONS,
  TOKEN_ACTIONS,
  type Action,
  type BuiltInRole,
  type Effect,
  type Policy,
  type Statement,
  type TokenAction,
} from "./types";
export { compileGlob, evaluate, globMatches, isAllowed, isAllowedByAll, statementMatches, type CheckedResource, type Evaluation } from "./match";
export { isPolicyAction, NESTED_KINDS, POLICY_ACTIONS, TOP_LEVEL_KINDS } from "./vocabulary";
export { builtInPolicy, canGrantRole, grantableRoles, isAdminOrAbove, memberPolicy, roleRank } from "./roles";
export { storedPolicy } from "./stored";
export { readPolicyJson } from "./json-error";
export {
  MAX_ENTRY_LENGTH,
  MAX_LIST_ENTRIES,
  MAX_POLICY_ENTRIES,
  MAX_POLICY_ERRORS,
  MAX_POLICY_JSON_BYTES,
  MAX_STATEMENTS,
  parsePolicy,
  parsePolicyInput,
  parsePolicyJson,
  type PolicyError,
  type PolicyParseResult,
} from "./validate";
export { summarizePolicy } from "./summary";
export {
  memberResource,
  personalTokenResource,
  projectResource,
  roleResource,
  serviceTokenResource,
  taggedProjectResource,
} from "./resources";
