import { type AlertRow, alerts, type BudgetPeriod, type Database, queryRows } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { eq, sql } from 'drizzle-orm';
import { AlertError } from './alert-error';
import { alertScopeFromColumns } from './alert-scope';
import { budgetPeriodWindow, resolveScopeUsage, type ScopeUsage } from './resolve-scope-usage';

const MINUTE_MS = 60_000;

/** Defaults the admin API documents; every one can be set per rule in `options`. */
export const alertDefaults = {
  budgetThresholds: [50, 80, 100],
  forecastThreshold: 100,
  /** The trailing window whose burn rate a forecast extrapolates, and a spike's window. */
  windowMinutes: 60,
  /** A spike compares its window against the average of this many windows before it. */
  baselineWindows: 24,
  spikeFactor: 3,
  /** Spend spikes below this per window (micro-dollars) are noise: $1. */
  minimumSpendMicros: 1_000_000,
  /** Error-rate spikes need this many requests in the window, and a baseline rate of at least 1%. */
  minimumRequests: 20,
  minimumErrorRate: 0.01,
  /** A firing still unattempted this long after it fired lost its enqueue (Redis down, a restart). */
  lostEnqueueAfterMs: 120_000,
  /** New-address firings taken per rule and evaluation (the rest wait for the next). */
  addressesPerEvaluation: 100,
} as const;

export interface EvaluateAlertsOptions {
  /** The evaluation's clock (tests pin it). */
  now?: number;
  /** Called once per firing this evaluator inserted (only the inserter delivers). */
  enqueue(firingId: string): Promise<void>;
  onError?(alertId: string, error: unknown): void;
}

interface Firing {
  periodStartMs: number;
  threshold: number | string;
  value: number | string;
}

function option(alert: AlertRow, name: string, fallback: number): number {
  const value = alert.options[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function budgetFirings(alert: AlertRow, usage: ScopeUsage, now: number): Promise<Firing[]> {
  if (!usage.budget || usage.budget.budgetMicros <= 0) return [];
  const window = budgetPeriodWindow(usage.budget.period, now);
  const { costMicros } = await usage.totals(window.startMs, now + 1, 'day');
  const percent = (costMicros * 100) / usage.budget.budgetMicros;
  const thresholds = alert.thresholds.length > 0 ? alert.thresholds : alertDefaults.budgetThresholds;
  return thresholds
    .filter((threshold) => percent >= threshold)
    .map((threshold) => ({ periodStartMs: window.startMs, threshold, value: round(percent) }));
}

/**
 * Projected spend at the period's end = spent so far + (spend in the trailing window / window
 * length) x time left. Fires once per period when the projection reaches the threshold (100% of
 * the budget by default). A `total` budget never ends, so it has no forecast.
 */
async function forecastFirings(alert: AlertRow, usage: ScopeUsage, now: number): Promise<Firing[]> {
  if (!usage.budget || usage.budget.budgetMicros <= 0) return [];
  const window = budgetPeriodWindow(usage.budget.period, now);
  if (window.endMs === null) return [];
  const windowMs = option(alert, 'windowMinutes', alertDefaults.windowMinutes) * MINUTE_MS;
  const spent = (await usage.totals(window.startMs, now + 1, 'day')).costMicros;
  const trailingFrom = Math.max(window.startMs, now - windowMs);
  const trailing = (await usage.totals(trailingFrom, now + 1, 'minute')).costMicros;
  const burnPerMs = trailing / Math.max(now - trailingFrom, MINUTE_MS);
  const projected = spent + burnPerMs * (window.endMs - now);
  const percent = (projected * 100) / usage.budget.budgetMicros;
  const threshold = alert.thresholds[0] ?? alertDefaults.forecastThreshold;
  return percent >= threshold ? [{ periodStartMs: window.startMs, threshold, value: round(percent) }] : [];
}

/**
 * Spike: the trailing window (now - W, now] against the average of the `baselineWindows` windows
 * of the same length before it. Spend fires when current >= factor x max(average, minimum spend);
 * error rate (errors / requests) fires when the window has at least `minimumRequests` and its rate
 * >= factor x max(baseline rate, 1%). Once per UTC-aligned window of length W.
 */
async function spikeFirings(alert: AlertRow, usage: ScopeUsage, now: number): Promise<Firing[]> {
  const windowMs = option(alert, 'windowMinutes', alertDefaults.windowMinutes) * MINUTE_MS;
  const baselineWindows = option(alert, 'baselineWindows', alertDefaults.baselineWindows);
  const factor = alert.thresholds[0] ?? alertDefaults.spikeFactor;
  const current = await usage.totals(now - windowMs, now + 1, 'minute');
  const baseline = await usage.totals(now - windowMs * (baselineWindows + 1), now - windowMs, 'minute');
  const periodStartMs = Math.floor(now / windowMs) * windowMs;
  if (alert.options.metric === 'error_rate') {
    const minimumRequests = option(alert, 'minimumRequests', alertDefaults.minimumRequests);
    if (current.requests < minimumRequests) return [];
    const rate = current.errors / current.requests;
    const baselineRate = baseline.requests === 0 ? 0 : baseline.errors / baseline.requests;
    const floor = option(alert, 'minimumErrorRate', alertDefaults.minimumErrorRate);
    return rate >= factor * Math.max(baselineRate, floor) ? [{ periodStartMs, threshold: factor, value: round(rate) }] : [];
  }
  const average = baseline.costMicros / baselineWindows;
  const minimum = option(alert, 'minimumSpendMicros', alertDefaults.minimumSpendMicros);
  return current.costMicros >= factor * Math.max(average, minimum)
    ? [{ periodStartMs, threshold: factor, value: current.costMicros }]
    : [];
}

/**
 * Addresses recorded at ingest after the rule was made, except each key's very first address
 * (a key's first use is not "unfamiliar"). Once per key and address, ever.
 */
async function newAddressFirings(db: Database, alert: AlertRow): Promise<Firing[]> {
  const keyFilter = alert.scopeType === 'api_key' ? sql`and a.api_key_id = ${alert.scopeId}` : sql``;
  const rows = await queryRows<{ api_key_id: string; address: string }>(
    db,
    sql`select a.api_key_id, a.address from api_key_addresses a
        where a.first_seen_at >= ${alert.createdAt.toISOString()}::timestamptz ${keyFilter}
          and exists (select 1 from api_key_addresses b where b.api_key_id = a.api_key_id and b.sequence < a.sequence)
          and not exists (select 1 from alert_firings f where f.alert_id = ${alert.id} and f.period_start = 'epoch'
                          and f.threshold = a.api_key_id || ' ' || a.address)
        order by a.sequence limit ${alertDefaults.addressesPerEvaluation}`,
  );
  // The threshold names key and address so a gateway-wide rule fires once per pair.
  return rows.map((row) => ({ periodStartMs: 0, threshold: `${row.api_key_id} ${row.address}`, value: row.address }));
}

async function firingsFor(db: Database, alert: AlertRow, now: number): Promise<Firing[]> {
  const scope = alertScopeFromColumns(alert.scopeType, alert.scopeId);
  if (alert.kind === 'new_address') return newAddressFirings(db, alert);
  const usage = await resolveScopeUsage(db, scope, {
    budgetMicros: typeof alert.options.budgetMicros === 'number' ? alert.options.budgetMicros : undefined,
    budgetPeriod: typeof alert.options.budgetPeriod === 'string' ? (alert.options.budgetPeriod as BudgetPeriod) : undefined,
  });
  if (alert.kind === 'budget') return budgetFirings(alert, usage, now);
  if (alert.kind === 'forecast') return forecastFirings(alert, usage, now);
  return spikeFirings(alert, usage, now);
}

/** The webhook body of one firing (the contract). */
export function alertPayload(alert: AlertRow, firingId: string, firing: Firing, firedAt: Date): Record<string, unknown> {
  const scope = alertScopeFromColumns(alert.scopeType, alert.scopeId);
  const isAddress = alert.kind === 'new_address';
  return {
    id: firingId,
    alertId: alert.id,
    kind: alert.kind,
    scope: isAddress && 'gateway' in scope ? { ...scope, apiKeyId: String(firing.threshold).split(' ')[0] } : scope,
    threshold: isAddress ? null : firing.threshold,
    value: firing.value,
    periodStart: new Date(firing.periodStartMs).toISOString(),
    firedAt: firedAt.toISOString(),
  };
}

/**
 * One pass over every enabled rule. Any number of evaluators may run at once (instances, workers):
 * each firing is a unique (alert, period, threshold) row inserted with ON CONFLICT DO NOTHING, and
 * only the evaluator whose insert landed enqueues its delivery.
 */
export async function evaluateAlerts(
  db: Database,
  options: EvaluateAlertsOptions,
): Promise<{ fired: string[]; requeued: string[] }> {
  const now = options.now ?? Date.now();
  const rules = await db.select().from(alerts).where(eq(alerts.enabled, true));
  const fired: string[] = [];
  for (const alert of rules) {
    let firings: Firing[];
    try {
      firings = await firingsFor(db, alert, now);
    } catch (error) {
      // A rule whose key was deleted (or a team scope before teams exist) must not stop the others.
      if (!(error instanceof AlertError)) options.onError?.(alert.id, error);
      continue;
    }
    for (const firing of firings) {
      const id = newId('alf');
      const firedAt = new Date(now);
      const payload = alertPayload(alert, id, firing, firedAt);
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`insert into alert_firings (id, alert_id, period_start, threshold, value, fired_at, payload)
            values (${id}, ${alert.id}, ${new Date(firing.periodStartMs).toISOString()}::timestamptz, ${String(firing.threshold)},
                    ${JSON.stringify(firing.value)}::jsonb, ${firedAt.toISOString()}::timestamptz, ${JSON.stringify(payload)}::jsonb)
            on conflict (alert_id, period_start, threshold) do nothing
            returning id`,
      );
      if (row === undefined) continue;
      fired.push(row.id);
      await options.enqueue(row.id);
    }
  }
  // Recovery, not a second delivery: the delivery job's id is the firing id (BullMQ ignores a
  // repeated add) and a firing no longer pending is skipped by the delivery itself.
  const lost = await queryRows<{ id: string }>(
    db,
    sql`select id from alert_firings where status = 'pending' and attempts = '[]'::jsonb
          and fired_at < ${new Date(now - alertDefaults.lostEnqueueAfterMs).toISOString()}::timestamptz
        order by fired_at limit 100`,
  );
  for (const row of lost) await options.enqueue(row.id);
  return { fired, requeued: lost.map((row) => row.id) };
}
