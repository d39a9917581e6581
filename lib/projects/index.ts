// The project domain's public API. Doors (server actions, the REST API) import from here only.
export { listProjects, getProject, getProjectWithEnvironments, getFlagDefaults } from "./queries";
export { createProject, updateProject, deleteProject, setFlagDefaults } from "./mutations";
export {
  DEFAULT_CLIENT_SIDE_AVAILABILITY,
  DEFAULT_PROJECT_LIST_LIMIT,
  flagDefaultsInput,
  MAX_PROJECT_ENVIRONMENTS,
  MAX_PROJECT_TAGS,
  PROJECT_KEY_PATTERN,
  PROJECT_NAME_MAX_LENGTH,
  PROJECT_TAG_MAX_LENGTH,
} from "./validation";
export type {
  BooleanDefaults,
  ClientSideAvailability,
  CreateEnvironmentInput,
  CreateProjectInput,
  EnvironmentView,
  FlagDefaults,
  ListProjectsQuery,
  ProjectView,
  ProjectWithEnvironments,
  UpdateProjectInput,
} from "./types";
