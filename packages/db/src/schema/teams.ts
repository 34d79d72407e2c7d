import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { checkOneOf } from '../check-one-of';
import { microDollars } from '../micro-dollars';
import { timestamptz } from '../timestamptz';
import { budgetPeriods } from './budget-periods';

/**
 * A team: an owner above gateway keys with its own budget, limits, allowed models and routing
 * policy. A request must fit both its key's and its team's. Null limits mean "unrestricted".
 */
export const teams = pgTable(
  'teams',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().unique('teams_name_unique'),
    budgetMicros: microDollars('budget_micros'),
    budgetPeriod: text('budget_period', { enum: budgetPeriods }),
    rpmLimit: integer('rpm_limit'),
    tpmLimit: integer('tpm_limit'),
    concurrencyLimit: integer('concurrency_limit'),
    allowedModels: jsonb('allowed_models').$type<string[]>(),
    // The routing policy of the team's keys when neither the request nor the key names one.
    routingPolicy: text('routing_policy'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (table) => [
    checkOneOf('teams_budget_period_check', table.budgetPeriod, budgetPeriods),
    check('teams_budget_has_period_check', sql`(${table.budgetMicros} is null) = (${table.budgetPeriod} is null)`),
  ],
);

export type TeamRow = typeof teams.$inferSelect;
export type NewTeamRow = typeof teams.$inferInsert;
