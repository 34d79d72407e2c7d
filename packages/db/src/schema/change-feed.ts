import { bigserial, index, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../timestamptz';

/**
 * The change outbox: one row per admin change, written in the same transaction as the change, so a
 * committed change always has its notice. Every gateway instance applies rows in `sequence` order
 * from the last one it applied (apps/gateway/src/changes/change-feed.ts). Rows name what changed,
 * never a secret.
 */
export const changeFeed = pgTable(
  'change_feed',
  {
    sequence: bigserial('sequence', { mode: 'number' }).primaryKey(),
    // What every instance reloads: 'catalog', 'provider-keys', 'admin-tokens', 'api-keys'.
    topic: text('topic').notNull(),
    entityId: text('entity_id'),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (table) => [index('change_feed_at_index').on(table.at)],
);

export type ChangeFeedRow = typeof changeFeed.$inferSelect;
