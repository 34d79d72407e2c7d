import { useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { GatewayKey, Granularity, ListBody, Provider, Session, UsageDimension, UsageRow } from '../api/admin-types';
import { loadUsage } from '../api/load-usage';
import { type UsageQuery, usageUrl } from '../api/usage-query';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { RangePicker, timeRanges } from '../components/range-picker';
import { formatCount } from '../format/format-count';
import { formatTime } from '../format/format-time';
import { formatUsd } from '../format/format-usd';
import { fromLocalInput, toLocalInput } from '../format/to-local-input';
import { useResource } from '../hooks/use-resource';

const DIMENSIONS: { id: UsageDimension; label: string }[] = [
  { id: 'key', label: 'Gateway key' },
  { id: 'provider', label: 'Provider' },
  { id: 'model', label: 'Model' },
  { id: 'tag', label: 'Tag' },
  { id: 'user', label: 'End user' },
];

const GRANULARITIES: Granularity[] = ['total', 'day', 'hour', 'minute'];

function dimensionCell(row: UsageRow, dimension: UsageDimension): string {
  if (dimension === 'key') return row.apiKeyName ?? row.apiKeyId ?? '(no key)';
  if (dimension === 'provider') return row.provider ?? '(none)';
  if (dimension === 'tag') return row.tag ?? '(untagged)';
  if (dimension === 'user') return row.user ?? '(none)';
  return row.model ?? '(unknown)';
}

/** Usage grouped by key, provider, model, tag or end user, per bucket or in total, with filters, totals and CSV. */
export function UsagePage({ session }: { session: Session }) {
  const initial = timeRanges[1]!;
  const [rangeId, setRangeId] = useState(initial.id);
  const [from, setFrom] = useState(() => new Date(Date.now() - initial.milliseconds));
  const [to, setTo] = useState(() => new Date());
  const [granularity, setGranularity] = useState<Granularity>('total');
  const [groupBy, setGroupBy] = useState<UsageDimension[]>(['model']);
  const [apiKeyId, setApiKeyId] = useState('');
  const [provider, setProvider] = useState('');
  const [model, setModel] = useState('');
  const [tag, setTag] = useState('');
  const [user, setUser] = useState('');

  // Tags and end users are rolled up per UTC day: a finer granularity is shown per day.
  const attribution = groupBy.includes('tag') || groupBy.includes('user') || tag.trim() !== '' || user.trim() !== '';
  const shownGranularity: Granularity = attribution && (granularity === 'hour' || granularity === 'minute') ? 'day' : granularity;
  const query: UsageQuery = {
    from,
    to,
    granularity: shownGranularity,
    groupBy,
    apiKeyId,
    provider,
    model: model.trim(),
    tag: tag.trim(),
    user: user.trim(),
  };
  const report = useResource(
    () => loadUsage(query),
    [from, to, shownGranularity, groupBy.join(','), apiKeyId, provider, model.trim(), tag.trim(), user.trim()],
  );
  const keys = useResource(
    () =>
      session.permissions.includes('api-keys:read')
        ? adminRequest<ListBody<GatewayKey>>('GET', '/admin/api-keys').then((body) => body.data)
        : Promise.resolve([]),
    [session],
  );
  const providers = useResource(() => adminRequest<ListBody<Provider>>('GET', '/admin/providers').then((body) => body.data), []);

  const toggle = (dimension: UsageDimension) =>
    setGroupBy((current) =>
      current.includes(dimension)
        ? current.filter((entry) => entry !== dimension)
        : DIMENSIONS.map((entry) => entry.id).filter((id) => id === dimension || current.includes(id)),
    );
  const shownDimensions = DIMENSIONS.filter((dimension) => groupBy.includes(dimension.id));
  const rows = report.data?.data ?? [];
  const leadingColumns = (shownGranularity !== 'total' ? 1 : 0) + shownDimensions.length;

  return (
    <>
      <PageHeader title="Usage" description="Requests, tokens and cost, grouped and filtered as you need.">
        <a className="button-secondary" href={usageUrl(query, 'csv')} download="switchboard-usage.csv">
          Download CSV
        </a>
      </PageHeader>
      <section className="panel filters">
        <RangePicker
          value={rangeId}
          onChange={(range) => {
            setRangeId(range.id);
            setTo(new Date());
            setFrom(new Date(Date.now() - range.milliseconds));
          }}
        />
        <div className="filter-grid">
          <label>
            From
            <input
              type="datetime-local"
              value={toLocalInput(from)}
              onChange={(event) => {
                const date = fromLocalInput(event.target.value);
                if (date) {
                  setRangeId('custom');
                  setFrom(date);
                }
              }}
            />
          </label>
          <label>
            To
            <input
              type="datetime-local"
              value={toLocalInput(to)}
              onChange={(event) => {
                const date = fromLocalInput(event.target.value);
                if (date) {
                  setRangeId('custom');
                  setTo(date);
                }
              }}
            />
          </label>
          <label>
            Granularity
            <select value={granularity} onChange={(event) => setGranularity(event.target.value as Granularity)}>
              {GRANULARITIES.map((entry) => (
                <option key={entry} value={entry}>
                  {entry === 'total' ? 'Whole range' : `Per ${entry}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            Gateway key
            <select value={apiKeyId} onChange={(event) => setApiKeyId(event.target.value)}>
              <option value="">All keys</option>
              {(keys.data ?? []).map((key) => (
                <option key={key.id} value={key.id}>
                  {key.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Provider
            <select value={provider} onChange={(event) => setProvider(event.target.value)}>
              <option value="">All providers</option>
              {(providers.data ?? []).map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Model
            <input type="search" placeholder="any model" value={model} onChange={(event) => setModel(event.target.value)} />
          </label>
          <label>
            Tag
            <input type="search" placeholder="any tag" value={tag} onChange={(event) => setTag(event.target.value)} />
          </label>
          <label>
            End user
            <input type="search" placeholder="any end user" value={user} onChange={(event) => setUser(event.target.value)} />
          </label>
        </div>
        {attribution && shownGranularity !== granularity ? (
          <p className="muted">Tags and end users are counted per UTC day, so this view is per day.</p>
        ) : null}
        <fieldset className="group-by">
          <legend>Group by</legend>
          {DIMENSIONS.map((dimension) => (
            <label key={dimension.id} className="checkbox">
              <input type="checkbox" checked={groupBy.includes(dimension.id)} onChange={() => toggle(dimension.id)} />
              {dimension.label}
            </label>
          ))}
        </fieldset>
      </section>
      <ErrorBanner error={report.error} action="Loading usage" onRetry={report.reload} />
      {report.loading && !report.data ? <p className="muted">Loading usage…</p> : null}
      {report.data && rows.length === 0 ? (
        <EmptyState title="No usage matches these filters.">Widen the time range or clear a filter.</EmptyState>
      ) : null}
      {report.data && rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table stack-on-phone" data-testid="usage-table">
            <thead>
              <tr>
                {shownGranularity !== 'total' ? <th>{shownGranularity[0]!.toUpperCase() + shownGranularity.slice(1)}</th> : null}
                {shownDimensions.map((dimension) => (
                  <th key={dimension.id}>{dimension.label}</th>
                ))}
                {leadingColumns === 0 ? <th>Range</th> : null}
                <th className="number">Requests</th>
                <th className="number">Errors</th>
                <th className="number">Input</th>
                <th className="number">Cached</th>
                <th className="number">Output</th>
                <th className="number">Reasoning</th>
                <th className="number">Cost</th>
                <th className="number" title="What cache hits cost less than the uncached input price">
                  Cache saved
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={[row.bucketStart, row.apiKeyId, row.provider, row.model, row.tag, row.user].join('|')}>
                  {shownGranularity !== 'total' ? <td data-label="Time">{formatTime(row.bucketStart)}</td> : null}
                  {shownDimensions.map((dimension) => (
                    <td key={dimension.id} data-label={dimension.label}>
                      {dimensionCell(row, dimension.id)}
                    </td>
                  ))}
                  {leadingColumns === 0 ? <td data-label="Range">Everything</td> : null}
                  <td className="number" data-label="Requests">
                    {formatCount(row.requests)}
                  </td>
                  <td className="number" data-label="Errors">
                    {formatCount(row.errors)}
                  </td>
                  <td className="number" data-label="Input">
                    {formatCount(row.inputTokens)}
                  </td>
                  <td className="number" data-label="Cached">
                    {formatCount(row.cachedInputTokens)}
                  </td>
                  <td className="number" data-label="Output">
                    {formatCount(row.outputTokens)}
                  </td>
                  <td className="number" data-label="Reasoning">
                    {formatCount(row.reasoningTokens)}
                  </td>
                  <td className="number" data-label="Cost">
                    {formatUsd(row.costMicros)}
                    {row.unpricedRequests ? (
                      <span
                        className="pill pill-bad"
                        title={`${row.unpricedRequests} requests were served by a model without a price and billed $0; add a price version on the Prices page`}
                      >
                        unpriced
                      </span>
                    ) : null}
                  </td>
                  <td className="number" data-label="Cache saved">
                    {formatUsd(row.cacheSavingsMicros ?? 0)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={Math.max(1, leadingColumns)} scope="row">
                  Total
                </th>
                <td className="number" data-label="Requests">
                  {formatCount(report.data.totals.requests)}
                </td>
                <td className="number" data-label="Errors">
                  {formatCount(report.data.totals.errors)}
                </td>
                <td className="number" data-label="Input">
                  {formatCount(report.data.totals.inputTokens)}
                </td>
                <td className="number" data-label="Cached">
                  {formatCount(report.data.totals.cachedInputTokens)}
                </td>
                <td className="number" data-label="Output">
                  {formatCount(report.data.totals.outputTokens)}
                </td>
                <td className="number" data-label="Reasoning">
                  {formatCount(report.data.totals.reasoningTokens)}
                </td>
                <td className="number" data-label="Cost" data-testid="usage-total-cost">
                  {formatUsd(report.data.totals.costMicros)}
                </td>
                <td className="number" data-label="Cache saved">
                  {formatUsd(report.data.totals.cacheSavingsMicros ?? 0)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
    </>
  );
}
