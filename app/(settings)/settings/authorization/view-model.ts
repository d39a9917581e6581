import type { BuiltInRole } from "@/lib/policy";
import { type TokenAbilities } from "@/lib/access";

/** One row as the client list receives it: plain data, dates as ISO strings, no secret. */
export interface TokenRowData {
  id: string;
  name: string;
  description: string;
  member: { id: string; email: string; name: string; removed: boolean };
  isOwn: boolean;
  permission:
    | { kind: "role"; role: BuiltInRole }
    | { kind: "customRoles"; roles: { id: string; key: string; name: string }[] }
    | { kind: "inline"; policyJson: string };
  serviceToken: boolean;
  defaultApiVersion: number;
  expiresAt: string | null;
  expired: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  obscured: string;
  abilities: TokenAbilities;
}

export interface CreateOptions {
  grantableRoles: BuiltInRole[];
  customRoles: { id: string; key: string; name: string; description: string }[];
  apiVersions: number[];
  serviceTokens: { allowed: boolean; used: number; limit: number };
}

export interface ListState {
  showAll: boolean;
  type: "all" | "personal" | "service";
  search: string;
  page: number;
  pageSize: number;
  totalCount: number;
  /** Where the next page starts (keyset paging); null on the last page. */
  nextCursor: string | null;
  canShowAll: boolean;
  /** Set when the list is narrowed to one member's personal tokens (?member=<id>). */
  member: { id: string; email: string; removed: boolean } | null;
}
