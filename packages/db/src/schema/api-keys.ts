import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { microDollars } from '../micro-dollars';
import { timestamptz } from '../timestamptz';
import { budgetPeriods } from './budget-periods';
import { teams } from './teams';

export { type BudgetPeriod, budgetPeriods } from './budget-periods';

/**
 * A gateway API key. Only the SHA-256 hex of the secret is stored; `prefix` and `last4` let people
 * recognise a key. Null scopes and limits mean "unrestricted".
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    keyHash: text('key_hash').notNull().unique('api_keys_key_hash_unique'),
    prefix: text('prefix').notNull(),
    last4: text('last4').notNull(),
    name: text('name').notNull().unique('api_keys_name_unique'),
    owner: text('owner'),
    allowedModels: jsonb('allowed_models').$type<string[]>(),
    // This key's own model aliases (name or `*` pattern -> references), applied before the gateway's.
    modelAliases: jsonb('model_aliases').$type<Record<string, string[]>>(),
    allowedEndpoints: jsonb('allowed_endpoints').$type<string[]>(),
    ipAllowlist: jsonb('ip_allowlist').$type<string[]>(),
    expiresAt: timestamptz('expires_at'),
    // The routing policy used when a request names none.
    defaultPolicy: text('default_policy'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    rpmLimit: integer('rpm_limit'),
    tpmLimit: integer('tpm_limit'),
    concurrencyLimit: integer('concurrency_limit'),
    budgetMicros: microDollars('budget_micros'),
    budgetPeriod: text('budget_period', { enum: budgetPeriods }),
    allowDebug: boolean('allow_debug').notNull().default(false),
    // The key's response cache (x-switchboard-cache) for deterministic requests, in seconds; null: off.
    responseCacheTtlSeconds: integer('response_cache_ttl_seconds'),
    // The team the key belongs to (at most one); its spend stays with the team it had when spent.
    teamId: text('team_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
    // The budget and rate-limit identity: a rotated key's successor carries its predecessor's,
    // so spend and limits continue across the overlap instead of starting again. Null: its own id.
    ledgerKeyId: text('ledger_key_id'),
    // The key this one replaced by rotation (audit and the dashboard), and the one replacing it.
    rotatedFromId: text('rotated_from_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    revokedAt: timestamptz('revoked_at'),
  },
  (table) => [
    checkOneOf('api_keys_budget_period_check', table.budgetPeriod, budgetPeriods),
    // A budget without a period (or the reverse) has no meaning; both are set or neither.
    check('api_keys_budget_has_period_check', sql`(${table.budgetMicros} is null) = (${table.budgetPeriod} is null)`),
  ],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type NewApiKeyRow = typeof apiKeys.$inferInsert;
