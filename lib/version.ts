/** The product version shown by the API root and the console footer. Keep equal to package.json. */
export const TOLLGATE_VERSION = "0.1.0";
