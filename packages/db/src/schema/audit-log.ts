import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../timestamptz';

/**
 * Who did what to which object, append-only. `details` describes the change and must never hold
 * a secret (no plaintext keys, no tokens, no hashes).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamptz('occurred_at').notNull().defaultNow(),
    // An admin token id, or 'bootstrap' for actions taken with the bootstrap secret.
    actor: text('actor').notNull(),
    // `<target type>.<verb>`, e.g. 'provider.create', 'provider_key.rotate'.
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    requestId: text('request_id').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [index('audit_log_occurred_at_index').on(table.occurredAt)],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
export type NewAuditLogRow = typeof auditLog.$inferInsert;
