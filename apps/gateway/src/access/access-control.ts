import type { ApiKeyAuthenticator, BudgetLedger, RateLimiter } from '@switchboard/access';

/**
 * Gateway keys, rate limits and budgets. Present when the gateway runs with its database
 * (`npm start`); absent for the demo and the adapter tests, whose /v1 is open.
 */
export interface AccessControl {
  authenticator: ApiKeyAuthenticator;
  limiter: RateLimiter;
  ledger: BudgetLedger;
}
