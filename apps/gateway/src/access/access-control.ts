import type { ApiKeyAuthenticator, BudgetLedger, RateLimiter } from '@switchboard/access';
import type { BudgetSeeder } from './budget-seeder';

/**
 * Gateway keys, rate limits and budgets. Present when the gateway runs with its database
 * (`npm start`); absent for the demo and the adapter tests, whose /v1 is open.
 */
export interface AccessControl {
  authenticator: ApiKeyAuthenticator;
  limiter: RateLimiter;
  ledger: BudgetLedger;
  /** Seeds the ledger from recorded spend (absent in tests that run without a database). */
  budgetSeeder?: BudgetSeeder;
}
