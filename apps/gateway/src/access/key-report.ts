import type { ApiKeySummary } from '@switchboard/access';
import { microsToUsd } from '@switchboard/db';
import type { AccessControl } from './access-control';
import { readBudgetUsage } from './read-budget-usage';

/**
 * GET /v1/key: what a key may do and has spent, for the key itself (like OpenRouter's). Prices
 * and spend in USD for people; the ledger keeps them as integer micro-dollars.
 */
export async function keyReport(access: AccessControl, key: ApiKeySummary) {
  const budget =
    key.budgetMicros !== null && key.budgetPeriod !== null
      ? await readBudgetUsage(access, {
          id: key.ledgerKeyId ?? key.id,
          budgetMicros: key.budgetMicros,
          budgetPeriod: key.budgetPeriod,
        })
      : undefined;
  return {
    data: {
      id: key.id,
      name: key.name,
      owner: key.owner,
      prefix: key.prefix,
      expiresAt: key.expiresAt,
      allowedModels: key.allowedModels,
      allowedEndpoints: key.allowedEndpoints,
      defaultPolicy: key.defaultPolicy,
      rateLimits: { requestsPerMinute: key.rpmLimit, tokensPerMinute: key.tpmLimit, concurrentRequests: key.concurrencyLimit },
      budget: budget
        ? {
            period: key.budgetPeriod,
            limitUsd: microsToUsd(key.budgetMicros!),
            spentUsd: microsToUsd(budget.spentMicros),
            reservedUsd: microsToUsd(budget.reservedMicros),
            remainingUsd: microsToUsd(budget.remainingMicros),
            windowStart: new Date(budget.windowStartMs).toISOString(),
            windowEnd: budget.windowEndMs === null ? null : new Date(budget.windowEndMs).toISOString(),
            overageUsd: microsToUsd(budget.overageMicros),
            closed: budget.closed,
          }
        : null,
    },
  };
}
