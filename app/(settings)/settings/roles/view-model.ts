/** One custom role as the client list receives it: plain data, the policy as editable JSON. */
export interface RoleRowData {
  id: string;
  key: string;
  name: string;
  description: string;
  policyJson: string;
  /** summarizePolicy's lines, one per statement. */
  summary: string[];
  /** Deleting a role that denies something widens its holders' access. */
  hasDeny: boolean;
  memberCount: number;
  tokenCount: number;
  updatedAt: string;
  abilities: { edit: boolean; delete: boolean };
}
