// What setup says, in one place for the server and the form (pure: the browser loads it too).
export const ALREADY_SET_UP = "Tollgate has already been set up. Sign in.";
export const WRONG_SETUP_CODE = "That setup code is not right. Copy it from the server's log, where Tollgate printed it when it started.";
/** Beside the Setup code field, while the form says WRONG_SETUP_CODE. */
export const NOT_A_SETUP_CODE = "Not a setup code Tollgate printed";
