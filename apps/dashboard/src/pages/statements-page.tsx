import { adminRequest } from '../api/admin-client';
import type { ListBody } from '../api/admin-types';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { formatCount } from '../format/format-count';
import { formatUsd } from '../format/format-usd';
import { useResource } from '../hooks/use-resource';

interface StatementSummary {
  month: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  requests: number;
  costMicros: number;
}

function statementUrl(entry: StatementSummary, format: 'html' | 'csv' | 'json'): string {
  const parameters = new URLSearchParams({ month: entry.month, format });
  if (entry.apiKeyId !== null) parameters.set('apiKeyId', entry.apiKeyId);
  return `/admin/statements?${parameters.toString()}`;
}

/** The months there is usage to invoice, for the whole gateway and each key, with their statements. */
export function StatementsPage() {
  const statements = useResource(
    () => adminRequest<ListBody<StatementSummary>>('GET', '/admin/statements').then((body) => body.data),
    [],
  );
  const rows = statements.data ?? [];
  return (
    <>
      <PageHeader
        title="Statements"
        description="Monthly usage statements (UTC months) per gateway key and for the whole gateway: line items per provider and model, totals equal to the usage report."
      />
      <ErrorBanner error={statements.error} action="Loading statements" onRetry={statements.reload} />
      {statements.data && rows.length === 0 ? <EmptyState title="No usage recorded yet." /> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table stack-on-phone" data-testid="statements-table">
            <thead>
              <tr>
                <th>Month</th>
                <th>Scope</th>
                <th className="number">Requests</th>
                <th className="number">Cost</th>
                <th>Statement</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <tr key={`${entry.month}|${entry.apiKeyId ?? '*'}`}>
                  <td data-label="Month">{entry.month}</td>
                  <td data-label="Scope">
                    {entry.apiKeyId === null ? 'Whole gateway' : (entry.apiKeyName ?? (entry.apiKeyId || '(no key)'))}
                  </td>
                  <td className="number" data-label="Requests">
                    {formatCount(entry.requests)}
                  </td>
                  <td className="number" data-label="Cost">
                    {formatUsd(entry.costMicros)}
                  </td>
                  <td data-label="Statement">
                    <a href={statementUrl(entry, 'html')} target="_blank" rel="noreferrer">
                      Printable
                    </a>{' '}
                    ·{' '}
                    <a href={statementUrl(entry, 'csv')} download>
                      CSV
                    </a>{' '}
                    ·{' '}
                    <a href={statementUrl(entry, 'json')} target="_blank" rel="noreferrer">
                      JSON
                    </a>
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
