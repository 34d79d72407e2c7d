import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../timestamptz';

/**
 * Usage events the database refused one by one (after their batch failed and was retried row by
 * row), kept as they came so nothing is lost silently: an operator can read, fix and replay them.
 * Keyed by the event's request id, so a redelivered batch counts a failure instead of a copy.
 */
export const usageDeadLetters = pgTable('usage_dead_letters', {
  requestId: text('request_id').primaryKey(),
  // The event's JSON as text, not jsonb: jsonb refuses some strings text keeps (an escaped NUL),
  // and a dead letter must store whatever made its row fail.
  event: text('event').notNull(),
  // The database's message (SQLSTATE and text), never an event field's value beyond what it quotes.
  error: text('error').notNull(),
  failures: integer('failures').notNull().default(1),
  firstFailedAt: timestamptz('first_failed_at').notNull().defaultNow(),
  lastFailedAt: timestamptz('last_failed_at').notNull().defaultNow(),
});

export type UsageDeadLetterRow = typeof usageDeadLetters.$inferSelect;
