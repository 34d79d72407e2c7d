import { index, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { timestamptz } from '../timestamptz';
import { providers } from './providers';

/**
 * DESIGN.md contract 6, the provider-key state diagram. Only `active` keys serve (and `suspect`
 * ones when a provider has nothing else); see docs/architecture.md for every transition.
 */
export const providerKeyStatuses = [
  'active',
  // The provider answered 401 once; a probe decides between active and disabled.
  'suspect',
  // The provider answered 402; skipped until a scheduled probe passes.
  'out_of_credit',
  // The provider's base URL origin changed through the admin API; an admin re-confirms each key.
  'needs_confirmation',
  // The row does not decrypt (tampered ciphertext, wrong row binding, KEK not loaded).
  'undecryptable',
  'disabled',
  'revoked',
] as const;
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
    // Why the key is in its status (e.g. the upstream answered 401), for the admin UI.
    statusReason: text('status_reason'),
    // When the key entered its status.
    statusSince: timestamptz('status_since').notNull().defaultNow(),
    // When a suspect or out_of_credit key is next probed; the instance that moves it claims it.
    nextProbeAt: timestamptz('next_probe_at'),
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
    // The probe schedule reads the keys waiting on a probe.
    index('provider_keys_next_probe_at_index').on(table.nextProbeAt),
    checkOneOf('provider_keys_status_check', table.status, providerKeyStatuses),
  ],
);

export type ProviderKeyRow = typeof providerKeys.$inferSelect;
export type NewProviderKeyRow = typeof providerKeys.$inferInsert;
