import { bigserial, boolean, index, jsonb, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { timestamptz } from '../timestamptz';

export const alertKinds = ['budget', 'forecast', 'spike', 'new_address'] as const;
export type AlertKind = (typeof alertKinds)[number];
export const alertScopeTypes = ['api_key', 'team', 'gateway'] as const;
export type AlertScopeType = (typeof alertScopeTypes)[number];
export const alertChannelTypes = ['webhook', 'slack', 'email'] as const;
export type AlertChannelType = (typeof alertChannelTypes)[number];
export const alertDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type AlertDeliveryStatus = (typeof alertDeliveryStatuses)[number];

/**
 * An alert rule: what to watch (scope and kind), when to fire (thresholds and options), and where
 * to say so (channel). A webhook's signing secret is needed in plaintext to sign, so it is sealed
 * with the vault's envelope scheme (like provider keys), never hashed.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    scopeType: text('scope_type', { enum: alertScopeTypes }).notNull(),
    // The key or team id; '' for the whole gateway.
    scopeId: text('scope_id').notNull().default(''),
    kind: text('kind', { enum: alertKinds }).notNull(),
    thresholds: jsonb('thresholds').$type<number[]>().notNull().default([]),
    // Kind-specific settings (spike window and metric, gateway budget), validated by the admin API.
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    channelType: text('channel_type', { enum: alertChannelTypes }).notNull(),
    // The webhook or Slack URL, or the email address.
    channelTarget: text('channel_target').notNull(),
    secretCiphertext: text('secret_ciphertext'),
    secretNonce: text('secret_nonce'),
    secretAuthTag: text('secret_auth_tag'),
    secretWrappedDek: text('secret_wrapped_dek'),
    secretKekId: text('secret_kek_id'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (table) => [
    checkOneOf('alerts_kind_check', table.kind, alertKinds),
    checkOneOf('alerts_scope_type_check', table.scopeType, alertScopeTypes),
    checkOneOf('alerts_channel_type_check', table.channelType, alertChannelTypes),
  ],
);

/**
 * One alert firing. The unique (alert, period, threshold) row is the exactly-once guarantee: every
 * evaluator inserts with ON CONFLICT DO NOTHING and only the one whose insert landed enqueues the
 * delivery. `threshold` is text so a new-address firing can name the address there.
 */
export const alertFirings = pgTable(
  'alert_firings',
  {
    id: text('id').primaryKey(),
    alertId: text('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    periodStart: timestamptz('period_start').notNull(),
    threshold: text('threshold').notNull(),
    // What was measured: micro-dollars, a percentage, a ratio or an address, by kind.
    value: jsonb('value').$type<number | string>().notNull(),
    firedAt: timestamptz('fired_at').notNull().defaultNow(),
    // The JSON body as delivered (and signed), kept so retries send the same bytes.
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: alertDeliveryStatuses }).notNull().default('pending'),
    // Every delivery attempt: {attempt, at, statusCode?, error?, durationMs}.
    attempts: jsonb('attempts').$type<AlertDeliveryAttempt[]>().notNull().default([]),
    deliveredAt: timestamptz('delivered_at'),
  },
  (table) => [
    unique('alert_firings_once_unique').on(table.alertId, table.periodStart, table.threshold),
    index('alert_firings_alert_index').on(table.alertId, table.firedAt),
    checkOneOf('alert_firings_status_check', table.status, alertDeliveryStatuses),
  ],
);

export interface AlertDeliveryAttempt {
  attempt: number;
  at: string;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

/**
 * The client addresses each gateway key was used from, written at usage ingest (never on the
 * request path) for the new-address alert. Bounded per key by the ingest (oldest seen dropped).
 */
export const apiKeyAddresses = pgTable(
  'api_key_addresses',
  {
    apiKeyId: text('api_key_id').notNull(),
    address: text('address').notNull(),
    firstSeenAt: timestamptz('first_seen_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull(),
    // Order of arrival, so "the key's first address" is well defined when two arrive in one batch.
    sequence: bigserial('sequence', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ name: 'api_key_addresses_pkey', columns: [table.apiKeyId, table.address] }),
    index('api_key_addresses_first_seen_index').on(table.firstSeenAt),
  ],
);

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlertRow = typeof alerts.$inferInsert;
export type AlertFiringRow = typeof alertFirings.$inferSelect;
