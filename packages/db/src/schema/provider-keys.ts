import { index, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { timestamptz } from '../timestamptz';
import { providers } from './providers';

export const providerKeyStatuses = ['active', 'disabled', 'revoked'] as const;
export type ProviderKeyStatus = (typeof providerKeyStatuses)[number];

/**
 * An upstream API key, sealed by the vault: base64 ciphertext, nonce and tag under the key's own
 * data key, and that data key wrapped by the KEK `kek_id`. The plaintext is never stored.
 */
export const providerKeys = pgTable(
  'provider_keys',
  {
    id: text('id').primaryKey(),
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    status: text('status', { enum: providerKeyStatuses }).notNull().default('active'),
    // Why a key was disabled (e.g. the upstream answered 401), for the admin UI.
    statusReason: text('status_reason'),
    ciphertext: text('ciphertext').notNull(),
    nonce: text('nonce').notNull(),
    authTag: text('auth_tag').notNull(),
    wrappedDek: text('wrapped_dek').notNull(),
    kekId: text('kek_id').notNull(),
    last4: text('last4').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    lastUsedAt: timestamptz('last_used_at'),
    rotatedAt: timestamptz('rotated_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (table) => [
    unique('provider_keys_provider_id_name_unique').on(table.providerId, table.name),
    // KEK rotation finds the rows still wrapped by an old KEK.
    index('provider_keys_kek_id_index').on(table.kekId),
    checkOneOf('provider_keys_status_check', table.status, providerKeyStatuses),
  ],
);

export type ProviderKeyRow = typeof providerKeys.$inferSelect;
export type NewProviderKeyRow = typeof providerKeys.$inferInsert;
