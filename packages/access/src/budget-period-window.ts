import type { BudgetPeriod } from '@switchboard/db';

export interface BudgetWindow {
  startMs: number;
  /** Exclusive; null for `total`, which never resets. */
  endMs: number | null;
}

const dayMs = 86_400_000;

// The last window computed per period: every reservation and settlement asks, nearly always for
// the same window, and building it takes a Date and calendar arithmetic. Frozen, as it is shared.
const lastWindows = new Map<BudgetPeriod, Readonly<BudgetWindow>>();

/** The budget window holding `nowMs`, in UTC: calendar day, ISO week (from Monday), calendar month, or all time. */
export function budgetPeriodWindow(period: BudgetPeriod, nowMs: number): Readonly<BudgetWindow> {
  const last = lastWindows.get(period);
  if (last !== undefined && nowMs >= last.startMs && (last.endMs === null || nowMs < last.endMs)) return last;
  const window = Object.freeze(computeWindow(period, nowMs));
  lastWindows.set(period, window);
  return window;
}

function computeWindow(period: BudgetPeriod, nowMs: number): BudgetWindow {
  const now = new Date(nowMs);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  switch (period) {
    case 'day':
      return { startMs: today, endMs: today + dayMs };
    case 'week': {
      // getUTCDay() counts from Sunday (0); Monday starts the week here, as in ISO 8601.
      const monday = today - ((now.getUTCDay() + 6) % 7) * dayMs;
      return { startMs: monday, endMs: monday + 7 * dayMs };
    }
    case 'month':
      return {
        startMs: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1),
        endMs: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
      };
    case 'total':
      return { startMs: 0, endMs: null };
    default:
      throw new RangeError(`unknown budget period '${String(period)}'`);
  }
}
