import { useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { CatalogImportReport, PriceVersion, Session } from '../api/admin-types';
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

function ImportReport({ report }: { report: CatalogImportReport }) {
  const { models, prices } = report;
  return (
    <div className="small" data-testid="catalog-import-report">
      <p>
        {report.dryRun ? 'Would import' : 'Imported'} ({report.format}): {models.added.length} models added,{' '}
        {models.changed.length} changed, {models.unchanged} unchanged; {prices.added.length} prices added, {prices.changed.length}{' '}
        changed, {prices.unchanged} unchanged; {report.skipped.length} entries skipped.
      </p>
      <ul>
        {models.added.map((entry) => (
          <li key={`model-added-${entry.provider}/${entry.model}`}>
            new model {entry.provider}/{entry.model}
          </li>
        ))}
        {models.changed.map((entry) => (
          <li key={`model-changed-${entry.provider}/${entry.model}`}>
            {entry.provider}/{entry.model}: {entry.fields.join(', ')}
          </li>
        ))}
        {prices.added.map((entry) => (
          <li key={`price-added-${entry.provider}/${entry.model}/${entry.effectiveFrom}`}>
            {entry.provider}/{entry.model} priced {describePrices(entry.usdPerMillion)} from {formatTime(entry.effectiveFrom)}
          </li>
        ))}
        {prices.changed.map((entry) => (
          <li key={`price-changed-${entry.provider}/${entry.model}/${entry.effectiveFrom}`}>
            {entry.provider}/{entry.model}: {describePrices(entry.from)} → {describePrices(entry.to)} from{' '}
            {formatTime(entry.effectiveFrom)}
          </li>
        ))}
      </ul>
      {report.skipped.length > 0 ? (
        <details>
          <summary>Skipped entries</summary>
          <ul>
            {report.skipped.map((entry) => (
              <li key={`${entry.entry}-${entry.reason}`}>
                {entry.entry}: {entry.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/**
 * Imports a catalog file (a price sheet, OpenRouter's /models JSON or LiteLLM's price map): the
 * file is read in the browser and sent as the body of POST /admin/catalog/import, first as a dry
 * run so the difference shows before anything is written.
 */
function ImportCatalogForm({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | undefined>();
  const [provider, setProvider] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [report, setReport] = useState<CatalogImportReport | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const document: unknown = JSON.parse(await file.text());
      const query = new URLSearchParams();
      if (dryRun) query.set('dryRun', 'true');
      if (provider.trim()) query.set('provider', provider.trim());
      if (effectiveFrom) query.set('effectiveFrom', new Date(`${effectiveFrom}Z`).toISOString());
      const result = await adminRequest<CatalogImportReport>('POST', `/admin/catalog/import?${query}`, document);
      setReport(result);
      if (!dryRun) onImported();
    } catch (reason) {
      setError(reason instanceof SyntaxError ? new Error(`The file is not JSON: ${reason.message}`) : (reason as Error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card form-grid"
      data-testid="import-catalog-form"
      onSubmit={(event) => {
        event.preventDefault();
        void send(true);
      }}
    >
      <ErrorBanner error={error} action="Importing the catalog file" />
      <label>
        File (price sheet, OpenRouter /models or LiteLLM prices JSON)
        <input
          type="file"
          accept="application/json,.json"
          required
          onChange={(event) => {
            setFile(event.target.files?.[0]);
            setReport(undefined);
          }}
        />
      </label>
      <label>
        Provider (OpenRouter and LiteLLM files; optional)
        <input value={provider} placeholder="openrouter" onChange={(event) => setProvider(event.target.value)} />
      </label>
      <label>
        Effective from (UTC; empty = now)
        <input type="datetime-local" value={effectiveFrom} onChange={(event) => setEffectiveFrom(event.target.value)} />
      </label>
      <button type="submit" disabled={busy || !file}>
        {busy ? 'Reading…' : 'Preview (dry run)'}
      </button>
      {report?.dryRun ? (
        <button type="button" disabled={busy} onClick={() => void send(false)}>
          Import
        </button>
      ) : null}
      {report ? <ImportReport report={report} /> : null}
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
  const [importing, setImporting] = useState(false);

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
        {canWrite ? (
          <button type="button" onClick={() => setImporting((open) => !open)}>
            {importing ? 'Close import' : 'Import catalog file'}
          </button>
        ) : null}
      </PageHeader>
      {importing ? <ImportCatalogForm onImported={() => versions.reload()} /> : null}
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
                    {version.provider}/{version.model} {version.inForce ? <span className="pill pill-good">in force</span> : null}{' '}
                    {version.stale ? (
                      <span className="pill pill-warn" title="Older than PRICE_MAX_AGE_DAYS: re-check the provider's page">
                        stale
                      </span>
                    ) : null}
                  </td>
                  <td>{formatTime(version.effectiveFrom)}</td>
                  <td>{version.effectiveUntil ? formatTime(version.effectiveUntil) : '—'}</td>
                  <td>
                    {describePrices(version.usdPerMillion)}
                    {version.note ? <div className="small muted">{version.note}</div> : null}
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
