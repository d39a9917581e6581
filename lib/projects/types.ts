/** Where new flags are available by default (LaunchDarkly's `defaultClientSideAvailability`). */
export interface ClientSideAvailability {
  usingEnvironmentId: boolean;
  usingMobileKey: boolean;
}

/** LaunchDarkly's boolean flag defaults. */
export interface BooleanDefaults {
  trueDisplayName: string;
  falseDisplayName: string;
  trueDescription: string;
  falseDescription: string;
  onVariation: number;
  offVariation: number;
}

/**
 * A project's flag defaults as LaunchDarkly shows them. Tollgate has no flags: these are settings
 * stored for scripts that read and write them. The client-side availability is the project's own.
 */
export interface FlagDefaults {
  tags: string[];
  temporary: boolean;
  booleanDefaults: BooleanDefaults;
  defaultClientSideAvailability: ClientSideAvailability;
}

/** An environment of a project. Tollgate serves no SDKs, so an environment has no SDK keys. */
export interface EnvironmentView {
  id: string;
  key: string;
  name: string;
  color: string;
  defaultTtl: number;
  secureMode: boolean;
  defaultTrackEvents: boolean;
  requireComments: boolean;
  confirmChanges: boolean;
  critical: boolean;
  tags: string[];
}

/** A project as every door shows it. */
export interface ProjectView {
  id: string;
  key: string;
  name: string;
  tags: string[];
  defaultClientSideAvailability: ClientSideAvailability;
  createdAt: Date;
  updatedAt: Date;
}

/** A project with its environments, in creation order. */
export interface ProjectWithEnvironments extends ProjectView {
  environments: EnvironmentView[];
}

/** An environment as a creator may name it (LaunchDarkly's EnvironmentPost). */
export interface CreateEnvironmentInput {
  key: string;
  name: string;
  color: string;
  defaultTtl?: number;
  secureMode?: boolean;
  defaultTrackEvents?: boolean;
  confirmChanges?: boolean;
  requireComments?: boolean;
  critical?: boolean;
  tags?: string[];
}

export interface CreateProjectInput {
  key: string;
  name: string;
  tags?: string[];
  /** Deprecated by LaunchDarkly for `defaultClientSideAvailability.usingEnvironmentId`; the same setting. */
  includeInSnippetByDefault?: boolean;
  defaultClientSideAvailability?: ClientSideAvailability;
  /** Omitted: the two default environments (production, test). */
  environments?: CreateEnvironmentInput[];
}

/** Only the fields present are changed; a project's key is its identity and never changes. */
export interface UpdateProjectInput {
  name?: string;
  tags?: string[];
  includeInSnippetByDefault?: boolean;
  defaultClientSideAvailability?: ClientSideAvailability;
  /** Said about the change; kept in its history entry. */
  comment?: unknown;
}

export type ProjectSortField = "key" | "name" | "createdOn";

export interface ListProjectsQuery {
  limit?: number;
  offset?: number;
  /** Without paging: every matching project (LaunchDarkly's answer before API version 20220603). */
  unpaged?: boolean;
  /** LaunchDarkly's `filter` fields. */
  filter?: { query?: string; tags?: string[]; keys?: string[] };
  /** Fields in order, `-` first for descending. */
  sort?: string[];
}
