/** A project as every door shows it. */
export interface ProjectView {
  id: string;
  key: string;
  name: string;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateProjectInput {
  key: string;
  name: string;
  tags?: string[];
}

/** Only the fields present are changed; a project's key is its identity and never changes. */
export interface UpdateProjectInput {
  name?: string;
  tags?: string[];
  /** Said about the change; kept in its history entry. */
  comment?: unknown;
}

export interface ListProjectsQuery {
  limit?: number;
  offset?: number;
}
