import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../timestamptz';

/**
 * The gateway's model aliases managed through the admin API: an exact name or a `*` pattern
 * (`claude-sonnet-*`) -> model references tried in order. The config file's aliases live in the
 * file, not here; an alias of the same name is the file's and cannot be written through the API.
 */
export const modelAliases = pgTable('model_aliases', {
  name: text('name').primaryKey(),
  // `provider/model`, a bare model id or an exact alias, in preference order; at least one.
  targets: jsonb('targets').$type<string[]>().notNull(),
  description: text('description'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

export type ModelAliasRow = typeof modelAliases.$inferSelect;
export type NewModelAliasRow = typeof modelAliases.$inferInsert;
