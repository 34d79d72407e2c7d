import type { BudgetPeriod } from '@switchboard/db';
import { GatewayError } from '@switchboard/protocol';

const PERIOD_WORDS: Record<BudgetPeriod, string> = { day: 'daily', week: 'weekly', month: 'monthly', total: 'total' };

/** Dollars for a message: whole cents as cents, smaller amounts with the digits that matter (never "$0" for a non-zero amount). */
export function formatUsd(micros: number): string {
  if (micros === 0) return '$0';
  const usd = micros / 1_000_000;
  if (micros % 10_000 === 0) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(6).replace(/0+$/, '')}`;
}

export interface BudgetRefusal {
  period: BudgetPeriod;
  limitMicros: number;
  remainingMicros: number;
  spentMicros: number;
  /** Held by requests still running. */
  reservedMicros: number;
  /** The least this request may cost (its input bound and the fewest output tokens it can go with). */
  costMicros: number;
  closed: boolean;
  overageMicros: number;
  windowEndMs: number | null;
  /** Set when the team's budget refused, not the key's: the message names the team. */
  teamName?: string;
}

/**
 * The 402 a budget refusal answers with (`budget_exhausted`: the error table gives every surface
 * its status, type and `x-should-retry: false`). It says what the request may cost and what is
 * left, and "used up" only when nothing is.
 */
export function budgetExhaustedError(refusal: BudgetRefusal): GatewayError {
  const budget =
    refusal.teamName === undefined
      ? `this API key's ${PERIOD_WORDS[refusal.period]} budget`
      : `team ${refusal.teamName}'s ${PERIOD_WORDS[refusal.period]} budget`;
  const until =
    refusal.windowEndMs === null
      ? 'the budget is raised'
      : `it resets at ${new Date(refusal.windowEndMs).toISOString()} or the budget is raised`;
  let message: string;
  if (refusal.closed) {
    message = `A provider billed ${formatUsd(refusal.overageMicros)} more than was reserved, so ${budget} of ${formatUsd(refusal.limitMicros)} is closed until ${until}.`;
  } else if (refusal.spentMicros >= refusal.limitMicros) {
    message = `${capitalize(budget)} of ${formatUsd(refusal.limitMicros)} is used up until ${until}.`;
  } else {
    const held =
      refusal.reservedMicros > 0 ? ` (${formatUsd(refusal.reservedMicros)} more is held by requests still running)` : '';
    message = `This request may cost up to ${formatUsd(refusal.costMicros)} and ${formatUsd(refusal.remainingMicros)} of ${formatUsd(refusal.limitMicros)} is left in ${budget}${held}. Send a shorter prompt or raise the budget.`;
  }
  return new GatewayError({ status: 402, type: 'insufficient_quota', code: 'budget_exhausted', message });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
