import { useMemo, useState } from 'react';
import type { UsageReport, UsageRow } from '../api/admin-types';
import { fillTimeBuckets } from '../api/fill-time-buckets';
import { loadUsage } from '../api/load-usage';
import { type BarItem, BarList } from '../charts/bar-list';
import { TimeSeriesChart } from '../charts/time-series-chart';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { RangePicker, type TimeRange, timeRanges } from '../components/range-picker';
import { formatCount } from '../format/format-count';
import { formatPercent } from '../format/format-percent';
import { formatUsd } from '../format/format-usd';
import { formatUsdCompact } from '../format/format-usd-compact';
import { useResource } from '../hooks/use-resource';

interface OverviewData {
  series: UsageReport;
  byModel: UsageReport;
  byProvider: UsageReport;
  byKey: UsageReport;
  from: Date;
  to: Date;
}

const TOP = 5;

function top(rows: UsageRow[], label: (row: UsageRow) => string): BarItem[] {
  return [...rows]
    .sort((left, right) => right.costMicros - left.costMicros || right.requests - left.requests)
    .slice(0, TOP)
    .map((row) => ({ label: label(row), value: row.costMicros, detail: `${formatCount(row.requests)} req` }));
}

/** Requests, tokens, cost and error rate over a range, and who and what spent the most. */
export function OverviewPage() {
  const [range, setRange] = useState<TimeRange>(timeRanges[1]!);
  const usage = useResource<OverviewData>(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - range.milliseconds);
    const base = { from, to };
    const [series, byModel, byProvider, byKey] = await Promise.all([
      loadUsage({ ...base, granularity: range.granularity, groupBy: [] }),
      loadUsage({ ...base, granularity: 'total', groupBy: ['model'] }),
      loadUsage({ ...base, granularity: 'total', groupBy: ['provider'] }),
      loadUsage({ ...base, granularity: 'total', groupBy: ['key'] }),
    ]);
    return { series, byModel, byProvider, byKey, from, to };
  }, [range]);

  const buckets = useMemo(
    () => (usage.data ? fillTimeBuckets(usage.data.series.data, usage.data.from, usage.data.to, range.granularity) : []),
    [usage.data, range.granularity],
  );
  const totals = usage.data?.series.totals;

  return (
    <>
      <PageHeader title="Overview" description="Traffic and spend through the gateway.">
        <RangePicker value={range.id} onChange={setRange} />
      </PageHeader>
      <ErrorBanner error={usage.error} action="Loading usage" onRetry={usage.reload} />
      {usage.loading && !usage.data ? <p className="muted">Loading usage…</p> : null}
      {totals ? (
        <>
          <section className="stat-row" aria-label="Totals">
            <div className="stat">
              <span className="stat-label">Requests</span>
              <span className="stat-value" data-testid="total-requests">
                {formatCount(totals.requests)}
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">Tokens</span>
              <span className="stat-value">{formatCount(totals.inputTokens + totals.outputTokens, true)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Cost</span>
              <span className="stat-value" data-testid="total-cost">
                {formatUsd(totals.costMicros)}
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">Error rate</span>
              <span className="stat-value">{totals.requests === 0 ? '—' : formatPercent(totals.errors / totals.requests)}</span>
            </div>
          </section>
          {totals.requests === 0 ? (
            <EmptyState title={`No requests in the ${range.label.toLowerCase()}.`}>
              Create a gateway key and point an OpenAI SDK at <code>{window.location.origin}/v1</code>; requests show up here
              within seconds.
            </EmptyState>
          ) : null}
          <section className="chart-grid">
            <TimeSeriesChart
              title="Requests"
              headline={formatCount(totals.requests)}
              points={buckets.map((bucket) => ({ time: bucket.time, value: bucket.requests }))}
              format={(value) => formatCount(Math.round(value), true)}
            />
            <TimeSeriesChart
              title="Tokens (input + output)"
              headline={formatCount(totals.inputTokens + totals.outputTokens, true)}
              points={buckets.map((bucket) => ({ time: bucket.time, value: bucket.inputTokens + bucket.outputTokens }))}
              format={(value) => formatCount(Math.round(value), true)}
            />
            <TimeSeriesChart
              title="Cost"
              headline={formatUsd(totals.costMicros)}
              points={buckets.map((bucket) => ({ time: bucket.time, value: bucket.costMicros }))}
              format={(value) => formatUsdCompact(Math.round(value))}
            />
            <TimeSeriesChart
              title="Error rate"
              headline={totals.requests === 0 ? '—' : formatPercent(totals.errors / totals.requests)}
              points={buckets.map((bucket) => ({
                time: bucket.time,
                value: bucket.requests === 0 ? 0 : bucket.errors / bucket.requests,
              }))}
              format={(value) => formatPercent(value)}
            />
          </section>
          <section className="top-grid">
            <BarList
              title="Top models by cost"
              items={top(usage.data!.byModel.data, (row) => row.model ?? '(unknown)')}
              format={formatUsd}
              empty="No model was used in this range."
            />
            <BarList
              title="Top providers by cost"
              items={top(usage.data!.byProvider.data, (row) => row.provider ?? '(none)')}
              format={formatUsd}
              empty="No provider served a request in this range."
            />
            <BarList
              title="Top gateway keys by cost"
              items={top(usage.data!.byKey.data, (row) => row.apiKeyName ?? row.apiKeyId ?? '(no key)')}
              format={formatUsd}
              empty="No gateway key made a request in this range."
            />
          </section>
        </>
      ) : null}
    </>
  );
}
