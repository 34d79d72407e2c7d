import { useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { PriceVersion, Session } from '../api/admin-types';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { formatTime } from '../format/format-time';
import { useResource } from '../hooks/use-resource';

const PRICE_FIELDS = [
  ['input', 'Input'],
  ['cachedInput', 'Cache read'],
  ['cacheWrite5m', 'Cache write 5m'],
  ['cacheWrite1h', 'Cache write 1h'],
  ['output', 'Output'],
] as const;

function describePrices(prices: Record<string, string>): string {
  return Object.entries(prices)
    .map(([name, value]) => `${name} $${value}`)
    .join(' · ');
}

function describeExtras(version: PriceVersion): string {
  const parts = [
    ...version.schedules.map(
      (schedule) =>
        `${schedule.name ?? 'window'} ${schedule.from}-${schedule.until} UTC${schedule.days ? ` ${schedule.days.join(',')}` : ''}: ${describePrices(schedule.usdPerMillion)}`,
    ),
    ...version.tiers.map(
      (tier) => `above ${tier.aboveInputTokens.toLocaleString()} input tokens: ${describePrices(tier.usdPerMillion)}`,
    ),
  ];
  return parts.join('; ');
}

interface Draft {
  provider: string;
  model: string;
  effectiveFrom: string;
  prices: Record<string, string>;
}

/** Adds a version from a start instant (UTC); the gateway refuses a start in the past for a priced model. */
function AddPriceForm({ onAdded }: { onAdded: () => void }) {
  const [draft, setDraft] = useState<Draft>({ provider: '', model: '', effectiveFrom: '', prices: {} });
  const [error, setError] = useState<Error | undefined>();
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const usdPerMillion = Object.fromEntries(Object.entries(draft.prices).filter(([, value]) => value.trim() !== ''));
    try {
      await adminRequest('POST', '/admin/prices', {
        provider: draft.provider,
        model: draft.model,
        effectiveFrom: draft.effectiveFrom ? new Date(`${draft.effectiveFrom}Z`).toISOString() : new Date().toISOString(),
        usdPerMillion,
      });
      setDraft({ provider: '', model: '', effectiveFrom: '', prices: {} });
      onAdded();
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card form-grid" onSubmit={submit} data-testid="add-price-form">
      <ErrorBanner error={error} action="Adding the price version" />
      <label>
        Provider
        <input required value={draft.provider} onChange={(event) => setDraft({ ...draft, provider: event.target.value })} />
      </label>
      <label>
        Model
        <input required value={draft.model} onChange={(event) => setDraft({ ...draft, model: event.target.value })} />
      </label>
      <label>
        Effective from (UTC; empty = now)
        <input
          type="datetime-local"
          value={draft.effectiveFrom}
          onChange={(event) => setDraft({ ...draft, effectiveFrom: event.target.value })}
        />
      </label>
      {PRICE_FIELDS.map(([field, label]) => (
        <label key={field}>
          {label} (USD per 1M)
          <input
            inputMode="decimal"
            placeholder={field === 'input' || field === 'output' ? 'required' : 'default'}
            required={field === 'input' || field === 'output'}
            value={draft.prices[field] ?? ''}
            onChange={(event) => setDraft({ ...draft, prices: { ...draft.prices, [field]: event.target.value } })}
          />
        </label>
      ))}
      <button type="submit" disabled={saving}>
        {saving ? 'Adding…' : 'Add version'}
      </button>
    </form>
  );
}

/** The price book: every version per model, the one in force now marked, and a form to add one. */
export function PricesPage({ session }: { session: Session }) {
  const canWrite = session.permissions.includes('providers:write');
  const versions = useResource(
    () => adminRequest<{ data: PriceVersion[] }>('GET', '/admin/prices').then((body) => body.data),
    [],
  );
  const [adding, setAdding] = useState(false);

  return (
    <>
      <PageHeader
        title="Prices"
        description="Price versions per model (USD per 1M tokens). A request is priced by the version in force when it started; history is never re-priced."
      >
        <a className="link-button" href="/admin/prices/export" download>
          Export price sheet
        </a>
        {canWrite ? (
          <button type="button" onClick={() => setAdding((open) => !open)}>
            {adding ? 'Close' : 'Add price version'}
          </button>
        ) : null}
      </PageHeader>
      {adding ? (
        <AddPriceForm
          onAdded={() => {
            setAdding(false);
            versions.reload();
          }}
        />
      ) : null}
      <ErrorBanner error={versions.error} action="Loading prices" onRetry={versions.reload} />
      {versions.data && versions.data.length === 0 ? <EmptyState title="No price versions yet." /> : null}
      {versions.data && versions.data.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table stack-on-phone" data-testid="prices-table">
            <thead>
              <tr>
                <th>Model</th>
                <th>From</th>
                <th>Until</th>
                <th>Prices</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((version) => (
                <tr key={version.id}>
                  <td>
                    {version.provider}/{version.model} {version.inForce ? <span className="pill pill-good">in force</span> : null}
                  </td>
                  <td>{formatTime(version.effectiveFrom)}</td>
                  <td>{version.effectiveUntil ? formatTime(version.effectiveUntil) : '—'}</td>
                  <td>
                    {describePrices(version.usdPerMillion)}
                    {version.schedules.length + version.tiers.length > 0 ? (
                      <div className="small muted">{describeExtras(version)}</div>
                    ) : null}
                  </td>
                  <td>
                    <span className="pill">{version.source}</span>
                    {version.fileOwned ? <span className="small muted"> (config file)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
