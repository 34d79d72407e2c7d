import { useEffect, useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { AuditEntry, AuditPage as AuditPageBody } from '../api/admin-types';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { formatTime } from '../format/format-time';

const TARGET_TYPES = [
  { id: '', label: 'Everything' },
  { id: 'provider', label: 'Providers' },
  { id: 'provider_key', label: 'Provider keys' },
  { id: 'api_key', label: 'Gateway keys' },
  { id: 'admin_token', label: 'Admin tokens' },
];

const PAGE_SIZE = 50;

function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(
      ([name, value]) =>
        `${name}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    )
    .join(' · ');
}

/** Who did what to which object, newest first, with the request id that did it. */
export function AuditPage() {
  const [targetType, setTargetType] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<Error | undefined>();
  const [loading, setLoading] = useState(true);

  async function load(before: number | null, replace: boolean) {
    setLoading(true);
    setError(undefined);
    const parameters = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (before !== null) parameters.set('before', String(before));
    if (targetType) parameters.set('target_type', targetType);
    try {
      const page = await adminRequest<AuditPageBody>('GET', `/admin/audit?${parameters.toString()}`);
      setEntries((current) => (replace ? page.data : [...current, ...page.data]));
      setNextBefore(page.nextBefore);
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setLoading(false);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload from the top when the filter changes, and only then.
  useEffect(() => {
    void load(null, true);
  }, [targetType]);

  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the admin API. Secrets never appear here.">
        <label className="inline-label">
          Show
          <select value={targetType} onChange={(event) => setTargetType(event.target.value)}>
            {TARGET_TYPES.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      <ErrorBanner error={error} action="Loading the audit log" onRetry={() => load(null, true)} />
      {!loading && !error && entries.length === 0 ? <EmptyState title="Nothing has been changed yet." /> : null}
      {entries.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table stack-on-phone" data-testid="audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Action</th>
                <th>Target</th>
                <th>Details</th>
                <th>Actor</th>
                <th>Request</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td data-label="When" className="nowrap">
                    {formatTime(entry.occurredAt)}
                  </td>
                  <td data-label="Action" className="nowrap">
                    {entry.action}
                  </td>
                  <td data-label="Target" className="mono small">
                    {entry.targetId}
                  </td>
                  <td data-label="Details" className="small">
                    {describeDetails(entry.details)}
                  </td>
                  <td data-label="Actor" className="mono small">
                    {entry.actor}
                  </td>
                  <td data-label="Request" className="mono small">
                    {entry.requestId}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {loading ? <p className="muted">Loading…</p> : null}
      {nextBefore !== null && !loading ? (
        <button type="button" className="button-secondary" onClick={() => load(nextBefore, false)}>
          Load older entries
        </button>
      ) : null}
    </>
  );
}
