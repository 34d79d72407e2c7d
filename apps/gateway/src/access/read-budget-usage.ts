import type { BudgetUsage } from '@switchboard/access';
import type { BudgetPeriod } from '@switchboard/db';
import type { AccessControl } from './access-control';

/** A key's spend against its budget in the current window, with earlier recorded spend seeded first. */
export async function readBudgetUsage(
  access: AccessControl,
  key: { id: string; budgetMicros: number; budgetPeriod: BudgetPeriod },
  nowMs: number = Date.now(),
): Promise<BudgetUsage> {
  const seeding = access.budgetSeeder?.ensure(key.id, key.budgetPeriod, nowMs);
  if (seeding) await seeding;
  return access.ledger.usage(key.id, key.budgetMicros, key.budgetPeriod, nowMs);
}
