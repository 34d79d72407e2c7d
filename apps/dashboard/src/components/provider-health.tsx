import { useEffect } from 'react';
import { adminRequest } from '../api/admin-client';
import type { Provider, RouteExplanation, RoutingCandidate } from '../api/admin-types';
import { formatCount } from '../format/format-count';
import { formatPercent } from '../format/format-percent';
import { useResource } from '../hooks/use-resource';
import { ErrorBanner } from './error-banner';

const REFRESH_MILLISECONDS = 5_000;

interface ModelHealth {
  model: string;
  candidate: RoutingCandidate | undefined;
  usable: boolean;
  reason: string | undefined;
}

async function loadHealth(provider: Provider): Promise<ModelHealth[]> {
  return Promise.all(
    provider.models
      .filter((model) => model.kind === 'chat')
      .map(async (model) => {
        const explanation = await adminRequest<RouteExplanation>(
          'GET',
          `/admin/routing/${encodeURIComponent(provider.id)}/${encodeURIComponent(model.id)}`,
        ).catch(() => undefined);
        const attempt = explanation?.attempts.find((entry) => entry.provider === provider.id);
        const rejected = explanation?.rejected.find((entry) => entry.provider === provider.id);
        return {
          model: model.id,
          candidate: attempt ?? rejected,
          usable: attempt !== undefined,
          reason: rejected?.reason ?? explanation?.failure,
        };
      }),
  );
}

function breakerState(candidate: RoutingCandidate | undefined): string {
  const states = new Set((candidate?.breakers ?? []).map((breaker) => breaker.state));
  if (states.size === 0) return 'closed';
  if (states.has('open')) return states.size === 1 ? 'open' : 'partly open';
  if (states.has('half-open')) return 'half-open';
  return 'closed';
}

const milliseconds = (value: number | undefined) => (value === undefined ? '—' : `${formatCount(Math.round(value))} ms`);

/** The router's live view of one provider: per model, whether it would be used, latency, errors and breakers. Refreshes every few seconds. */
export function ProviderHealth({ provider }: { provider: Provider }) {
  const health = useResource(() => loadHealth(provider), [provider]);
  const { reload } = health;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MILLISECONDS);
    return () => clearInterval(timer);
  }, [reload]);

  if (health.error) return <ErrorBanner error={health.error} action="Loading health" />;
  if (!health.data) return <p className="muted">Loading live health…</p>;
  if (health.data.length === 0) return <p className="muted">This provider lists no chat model.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table compact" aria-label={`Health of ${provider.id}`}>
        <thead>
          <tr>
            <th>Model</th>
            <th>Routable</th>
            <th className="number">Latency p50</th>
            <th className="number">p90</th>
            <th className="number">Errors</th>
            <th className="number">Attempts</th>
            <th>Breaker</th>
          </tr>
        </thead>
        <tbody>
          {health.data.map((entry) => {
            const stats = entry.candidate?.stats;
            const breaker = breakerState(entry.candidate);
            return (
              <tr key={entry.model}>
                <td>{entry.model}</td>
                <td>
                  {entry.usable ? (
                    <span className="pill pill-good">yes</span>
                  ) : (
                    <span className="pill pill-bad" title={entry.reason}>
                      no
                    </span>
                  )}
                  {!entry.usable && entry.reason ? <div className="muted small">{entry.reason}</div> : null}
                </td>
                <td className="number">{milliseconds(stats?.latencyMs.p50)}</td>
                <td className="number">{milliseconds(stats?.latencyMs.p90)}</td>
                <td className="number">{stats && stats.attempts > 0 ? formatPercent(stats.errorRate) : '—'}</td>
                <td className="number">{stats ? formatCount(Math.round(stats.attempts)) : '0'}</td>
                <td>
                  <span className={breaker === 'closed' ? 'pill pill-good' : 'pill pill-bad'}>{breaker}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
