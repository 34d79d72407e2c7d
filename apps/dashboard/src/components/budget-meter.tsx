import type { GatewayKey } from '../api/admin-types';
import { formatUsd } from '../format/format-usd';

/** Spend (and money held by running requests) against a key's (or team's) budget for the current period. */
export function BudgetMeter({ gatewayKey }: { gatewayKey: Pick<GatewayKey, 'budgetMicros' | 'budgetPeriod' | 'budgetUsage'> }) {
  const { budgetMicros, budgetPeriod, budgetUsage } = gatewayKey;
  if (budgetMicros === null || budgetPeriod === null) return <div className="budget muted">no budget</div>;
  const spent = budgetUsage?.spentMicros ?? 0;
  const reserved = budgetUsage?.reservedMicros ?? 0;
  const share = budgetMicros === 0 ? 1 : Math.min(1, spent / budgetMicros);
  const heldShare = budgetMicros === 0 ? 0 : Math.min(1 - share, reserved / budgetMicros);
  return (
    <div className="budget">
      <div className="budget-text">
        {budgetUsage === undefined || budgetUsage === null ? '—' : formatUsd(spent)} of {formatUsd(budgetMicros)}{' '}
        {budgetPeriod === 'total' ? 'in total' : `this ${budgetPeriod}`}
        {budgetUsage?.closed ? (
          <span
            className="badge badge-warn"
            title="A provider billed more than was reserved: closed until the window resets or the budget is raised"
          >
            {' '}
            overage {formatUsd(budgetUsage.overageMicros ?? 0)}, closed
          </span>
        ) : null}
      </div>
      <div className="bar-track" title="Spend against budget">
        <div className={share >= 0.9 ? 'bar-fill bar-fill-warn' : 'bar-fill'} style={{ width: `${share * 100}%` }} />
        <div className="bar-fill bar-fill-held" style={{ width: `${heldShare * 100}%` }} />
      </div>
    </div>
  );
}
