// Running Tollgate in production: health and readiness, Prometheus metrics, the JSON logger and
// one log line per request. Other modules import from here.
export { HEALTH_PATH, METRICS_PATH, operationsHandler, presentsToken, READY_PATH, startMetricsServer, type OperationsOptions } from "./endpoints";
export { READINESS_TIMEOUT_MS, readinessCheck, shippedMigrationCount, type Readiness } from "./health";
export { acceptedRequestId, apiRouteOf, methodLabel, pageRouteOf, pageRoutesFrom, UNMATCHED_ROUTE, type Door, type PageRoute } from "./labels";
export { glibcMallocTrim, startMemoryTrim, trimAfterCollections, type MemoryTrimmer, type TrimMemory } from "./memory";
export { createLogger, installedLogger, installLogger, routeConsoleTo } from "./logger";
export {
  collectProcessMetrics,
  countAuthentication,
  countCacheLookup,
  countRequest,
  countSignIn,
  exposition,
  metrics,
  observeDatabase,
  type AuthOutcome,
  type AuthReason,
  type CacheResult,
} from "./metrics";
export { noteCaller, observeRequest, requestRecordOf, runInRequest, type RequestRecord } from "./requests";
