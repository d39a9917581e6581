// The project domain's public API. Doors (server actions, the REST API) import from here only.
export { listProjects, getProject } from "./queries";
export { createProject, updateProject, deleteProject } from "./mutations";
export {
  DEFAULT_PROJECT_LIST_LIMIT,
  MAX_PROJECT_TAGS,
  PROJECT_KEY_PATTERN,
  PROJECT_NAME_MAX_LENGTH,
  PROJECT_TAG_MAX_LENGTH,
} from "./validation";
export type { CreateProjectInput, ListProjectsQuery, ProjectView, UpdateProjectInput } from "./types";
