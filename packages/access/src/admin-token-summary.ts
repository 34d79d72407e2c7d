import { type AdminRole, adminTokens } from '@switchboard/db';

/** What callers may see of an admin token: never the token or its hash. */
export interface AdminTokenSummary {
  id: string;
  name: string;
  role: AdminRole;
  /** `sb_admin_` and the first four random characters, to recognise a token. */
  prefix: string;
  last4: string;
  /** The admin token that created it; null for the bootstrap token. */
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The columns a summary is selected (or returned) with; the hash stays out. */
export const adminTokenSummaryColumns = {
  id: adminTokens.id,
  name: adminTokens.name,
  role: adminTokens.role,
  prefix: adminTokens.prefix,
  last4: adminTokens.last4,
  createdBy: adminTokens.createdBy,
  createdAt: adminTokens.createdAt,
  lastUsedAt: adminTokens.lastUsedAt,
  revokedAt: adminTokens.revokedAt,
};
