// First-run setup: the first account and its owner, and the code that proves the right to make them.
export { ACCOUNT_NAME_MAX_LENGTH, createFirstAccount, parseFirstAccount, SETUP_CODE_FAILURE_LIMIT, type FirstAccount, type FirstAccountInput, type SetupOrigin } from "./create-account";
export { accountExists, announceSetupCode, forgetSetupState, isSetUp, setupCodeLine } from "./state";
export { normalizeSetupCode, SETUP_CODE_MAX_LENGTH } from "./code";
export { ALREADY_SET_UP, NOT_A_SETUP_CODE, WRONG_SETUP_CODE } from "./messages";
