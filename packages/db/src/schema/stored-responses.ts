import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../timestamptz';

/**
 * A Responses API answer kept for `GET /v1/responses/{id}` and `previous_response_id`: the
 * response and its whole conversation, sealed by the vault's envelope scheme (a data key per row,
 * wrapped by the KEK `kek_id`; associated data = row id + owner), so the text is never stored in
 * the clear. `expires_at` is set at insert from the retention setting; the retention job deletes
 * the rows past it.
 */
export const storedResponses = pgTable(
  'stored_responses',
  {
    // The id the client was given: `resp_<request id>`, or the provider's own in native passthrough.
    id: text('id').primaryKey(),
    // The gateway key that made it (`open` when the gateway runs without keys). No foreign key: a
    // deleted key's rows simply age out.
    ownerKeyId: text('owner_key_id').notNull(),
    // Which upstream account served it, so a native next turn may pass the id through.
    providerId: text('provider_id').notNull(),
    providerKeyId: text('provider_key_id'),
    native: boolean('native').notNull(),
    ciphertext: text('ciphertext').notNull(),
    nonce: text('nonce').notNull(),
    authTag: text('auth_tag').notNull(),
    wrappedDek: text('wrapped_dek').notNull(),
    kekId: text('kek_id').notNull(),
    // Bytes of the sealed plaintext, for the size cap and reports.
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (table) => [index('stored_responses_expires_at_index').on(table.expiresAt)],
);

export type StoredResponseRow = typeof storedResponses.$inferSelect;
export type NewStoredResponseRow = typeof storedResponses.$inferInsert;
