// What a policy may name: LaunchDarkly's whole vocabulary of actions and resource kinds, so a
// policy written for LaunchDarkly is accepted as it is (docs/ld-compatibility.md, "Policies").
// Tollgate checks only its own actions (ALL_ACTIONS, in types.ts) on its own resources; every
// other name here is valid in a statement and inert.
import { ALL_ACTIONS } from "./types";

/** LaunchDarkly's documented actions, by the resource they act on. */
const LAUNCHDARKLY_ACTIONS: Record<string, readonly string[]> = {
  acct: [
    "createAnnouncement", "createSamlConfig", "createScimConfig", "deleteAccount", "deleteAccountToken",
    "deleteAnnouncement", "deleteSamlConfig", "deleteScimConfig", "deleteSubscription", "getPaymentCard",
    "revokeSessions", "updateAccountOwner", "updateAccountToken", "updateAnnouncement", "updateBillingContact",
    "updateOrganization", "updatePaymentCard", "updateRequireMfa", "updateSamlDecryptionEnabled",
    "updateSamlDefaultRole", "updateSamlEnabled", "updateSamlLogoutUrl", "updateSamlRequestSigningEnabled",
    "updateSamlRequireSso", "updateSamlSsoUrl", "updateSamlX509Certificate", "updateSamlX509KeystoreId",
    "updateSessionDuration", "updateSessionRefresh", "updateSubscription",
  ],
  application: [
    "createApplication", "deleteApplication", "updateApplicationDescription", "updateApplicationKind",
    "updateApplicationMaintainer", "createApplicationVersion", "deleteApplicationVersion",
    "updateApplicationVersionName", "updateApplicationVersionSupport",
  ],
  "code-reference-repository": [
    "createCodeRefsRepository", "deleteCodeRefsRepository", "updateCodeRefsRepositoryBranches",
    "updateCodeRefsRepositoryConfiguration", "updateCodeRefsRepositoryName", "updateCodeRefsRepositoryOn",
  ],
  "domain-verification": ["createDomainVerification", "deleteDomainVerification", "updateDomainVerification"],
  integration: ["createIntegration", "deleteIntegration", "updateConfiguration", "updateName", "updateOn", "validateConnection"],
  member: [
    "approveDomainMatchedMember", "createMember", "deleteMember", "sendMfaRecoveryCode", "sendMfaRequest",
    "updateCustomRole", "updateMemberRoleAttributes", "updateRole",
  ],
  token: [
    "createAccessToken", "deleteAccessToken", "resetAccessToken", "updateAccessTokenDescription",
    "updateAccessTokenName", "updateAccessTokenPolicy",
  ],
  "pending-request": ["updatePendingRequest"],
  "relay-proxy-config": [
    "createRelayAutoConfiguration", "deleteRelayAutoConfiguration", "resetRelayAutoConfiguration",
    "updateRelayAutoConfigurationName", "updateRelayAutoConfigurationPolicy",
  ],
  role: ["createRole", "deleteRole", "updateBasePermissions", "updateDescription", "updateMembers", "updateName", "updatePolicy", "updateTokens"],
  team: [
    "createTeam", "deleteTeam", "updateTeamCustomRoles", "updateTeamDescription", "updateTeamMembers",
    "updateTeamName", "updateTeamPermissionGrants", "viewTeam",
  ],
  template: ["createTemplate", "deleteTemplate", "viewTemplate"],
  webhook: ["createWebhook", "deleteWebhook", "updateName", "updateOn", "updateQuery", "updateSecret", "updateStatements", "updateTags", "updateUrl"],
  proj: [
    "createProject", "deleteProject", "updateDefaultClientSideAvailability", "updateDefaultReleasePipeline",
    "updateIncludeInSnippetByDefault", "updateProjectFlagDefaults", "updateProjectName", "updateTags", "viewProject",
  ],
  aiconfig: ["createAIConfig", "deleteAIConfig", "deleteAIConfigVariation", "updateAIConfig", "updateAIConfigVariation"],
  "ai-model-config": ["createAIModelConfig", "deleteAIModelConfig"],
  "context-kind": ["createContextKind", "updateContextKind", "updateAvailabilityForExperiments"],
  layer: ["createLayer", "updateLayer", "updateLayerConfiguration"],
  metric: [
    "createMetric", "deleteMetric", "updateDescription", "updateEventDefault", "updateEventKey", "updateMaintainer",
    "updateName", "updateNumeric", "updateNumericSuccess", "updateNumericUnit", "updateOn", "updateRandomizationUnits",
    "updateSelector", "updateTags", "updateUnitAggregationType", "updateUrls",
  ],
  "metric-group": [
    "createMetricGroup", "deleteMetricGroup", "updateMetricGroupName", "updateMetricGroupDescription",
    "updateMetricGroupTags", "updateMetricGroupMaintainer", "updateMetricGroupMetrics",
  ],
  "release-pipeline": [
    "createReleasePipeline", "deleteReleasePipeline", "updateReleasePipelineDescription", "updateReleasePipelineName",
    "updateReleasePipelinePhase", "updateReleasePipelinePhaseName", "updateReleasePipelineTags",
  ],
  env: [
    "createEnvironment", "deleteEnvironment", "deleteContextInstance", "importEventData", "updateApiKey",
    "updateApprovalSettings", "updateColor", "updateConfirmChanges", "updateCritical", "updateDefaultTrackEvents",
    "updateMobileKey", "updateName", "updateRequireComments", "updateSecureMode", "updateTags", "updateTtl", "viewSdkKey",
  ],
  destination: ["createDestination", "deleteDestination", "updateConfiguration", "updateName", "updateOn"],
  experiment: ["createExperiment", "updateExperiment", "updateExperimentArchived"],
  flag: [
    "addReleasePipeline", "applyApprovalRequest", "bypassRequiredApproval", "cloneFlag", "copyFlagConfigFrom",
    "copyFlagConfigTo", "createApprovalRequest", "createFlag", "createFlagLink", "createTriggers", "deleteApprovalRequest",
    "deleteFlag", "deleteFlagLink", "deleteTriggers", "manageFlagFollowers", "removeReleasePipeline",
    "replaceReleasePipeline", "reviewApprovalRequest", "stopMeasuredRolloutOnFlagFallthrough",
    "stopMeasuredRolloutOnFlagRule", "updateApprovalRequest", "updateClientSideFlagAvailability", "updateDeprecated",
    "updateDescription", "updateExpiringTargets", "updateFallthrough", "updateFallthroughWithMeasuredRollout",
    "updateFeatureWorkflows", "updateFlagConfigMigrationSettings", "updateFlagCustomProperties",
    "updateFlagDefaultVariations", "updateFlagLink", "updateFlagRuleDescription", "updateFlagSalt",
    "updateFlagVariations", "updateGlobalArchived", "updateIncludeInSnippet", "updateMaintainer",
    "updateMeasuredRolloutConfiguration", "updateName", "updateOffVariation", "updateOn", "updatePrerequisites",
    "updateReleasePhaseStatus", "updateRules", "updateRulesWithMeasuredRollout", "updateScheduledChanges",
    "updateTags", "updateTargets", "updateTemporary", "updateTrackEvents", "updateTriggers",
  ],
  holdout: [
    "addExperimentToHoldout", "createHoldout", "removeExperimentFromHoldout", "updateHoldoutDescription",
    "updateHoldoutMethodology", "updateHoldoutName", "updateHoldoutRandomizationUnit", "updateHoldoutStatus",
  ],
  request: ["approvePendingRequest", "createPendingRequest", "denyPendingRequest", "viewPendingRequest"],
  segment: [
    "applyApprovalRequest", "createApprovalRequest", "createSegment", "deleteApprovalRequest", "deleteSegment",
    "reviewApprovalRequest", "updateApprovalRequest", "updateDescription", "updateExcluded", "updateExpiringTargets",
    "updateIncluded", "updateName", "updateRules", "updateScheduledChanges", "updateTags",
  ],
};

/**
 * Every action a statement may name: Tollgate's own first (spelling suggestions prefer them on
 * a tie), then LaunchDarkly's, each once.
 */
export const POLICY_ACTIONS: readonly string[] = [...new Set<string>([...ALL_ACTIONS, ...Object.values(LAUNCHDARKLY_ACTIONS).flat()])];

const POLICY_ACTION_SET: ReadonlySet<string> = new Set(POLICY_ACTIONS);

export function isPolicyAction(name: string): boolean {
  return POLICY_ACTION_SET.has(name);
}

/** Kinds a resource specifier may start with. `acct` stands alone: it has no name. */
export const TOP_LEVEL_KINDS = [
  "proj", "member", "role", "service-token", "acct", "application", "code-reference-repository",
  "domain-verification", "integration", "pending-request", "relay-proxy-config", "team", "template", "webhook",
] as const;

/** Kinds scoped within another (`proj/*:env/*:flag/*`, `member/*:token/*`). */
export const NESTED_KINDS = [
  "token", "env", "flag", "segment", "experiment", "destination", "holdout", "request", "metric", "metric-group",
  "context-kind", "layer", "release-pipeline", "aiconfig", "ai-model-config",
] as const;
