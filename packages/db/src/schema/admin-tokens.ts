import { pgTable, text } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { timestamptz } from '../timestamptz';

/** admin: everything; keys: gateway and provider keys; billing: read usage and cost. */
export const adminRoles = ['admin', 'keys', 'billing'] as const;
export type AdminRole = (typeof adminRoles)[number];

/** A bearer token for /admin. Only the SHA-256 hex of the secret is stored. */
export const adminTokens = pgTable(
  'admin_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().unique('admin_tokens_name_unique'),
    role: text('role', { enum: adminRoles }).notNull(),
    tokenHash: text('token_hash').notNull().unique('admin_tokens_token_hash_unique'),
    prefix: text('prefix').notNull(),
    last4: text('last4').notNull(),
    // The admin token id that created this one; null for the bootstrap token.
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (table) => [checkOneOf('admin_tokens_role_check', table.role, adminRoles)],
);

export type AdminTokenRow = typeof adminTokens.$inferSelect;
export type NewAdminTokenRow = typeof adminTokens.$inferInsert;
