import { useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { AlertDelivery, AlertRule, GatewayKey, ListBody, Session } from '../api/admin-types';
import { ConfirmButton } from '../components/confirm-button';
import { CopyButton } from '../components/copy-button';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { formatTime } from '../format/format-time';
import { useResource } from '../hooks/use-resource';

const KIND_LABELS: Record<AlertRule['kind'], string> = {
  budget: 'Budget thresholds',
  forecast: 'Budget forecast',
  spike: 'Spend spike',
  new_address: 'New client address',
};

function scopeLabel(rule: AlertRule, keys: GatewayKey[]): string {
  if ('apiKeyId' in rule.scope) {
    const id = rule.scope.apiKeyId;
    return `key ${keys.find((key) => key.id === id)?.name ?? id}`;
  }
  if ('teamId' in rule.scope) return `team ${rule.scope.teamId}`;
  return 'whole gateway';
}

/** One rule's delivery log: each firing with every attempt. */
function Deliveries({ rule }: { rule: AlertRule }) {
  const deliveries = useResource(
    () =>
      adminRequest<ListBody<AlertDelivery>>('GET', `/admin/alerts/${encodeURIComponent(rule.id)}/deliveries`).then(
        (body) => body.data,
      ),
    [rule.id],
  );
  return (
    <div data-testid={`deliveries-${rule.id}`}>
      <ErrorBanner error={deliveries.error} action="Loading deliveries" onRetry={deliveries.reload} />
      {deliveries.data && deliveries.data.length === 0 ? <p className="muted small">Not fired yet.</p> : null}
      {deliveries.data && deliveries.data.length > 0 ? (
        <table className="table small">
          <thead>
            <tr>
              <th>Fired</th>
              <th>Threshold</th>
              <th>Value</th>
              <th>Status</th>
              <th>Attempts</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((delivery) => (
              <tr key={delivery.id}>
                <td>{formatTime(delivery.firedAt)}</td>
                <td className="mono">{delivery.threshold}</td>
                <td className="mono">{String(delivery.value)}</td>
                <td>
                  <span
                    className={
                      delivery.status === 'delivered' ? 'pill pill-good' : delivery.status === 'failed' ? 'pill pill-bad' : 'pill'
                    }
                  >
                    {delivery.status}
                  </span>
                </td>
                <td>
                  <ol className="attempts">
                    {delivery.attempts.map((attempt) => (
                      <li key={attempt.attempt}>
                        {formatTime(attempt.at)} · {attempt.statusCode ?? 'no answer'}
                        {attempt.error ? ` · ${attempt.error}` : ''} · {attempt.durationMs} ms
                      </li>
                    ))}
                  </ol>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** Alert rules (budget thresholds, forecasts, spikes, new client addresses) and their delivery logs. */
export function AlertsPage({ session }: { session: Session }) {
  const rules = useResource(() => adminRequest<ListBody<AlertRule>>('GET', '/admin/alerts').then((body) => body.data), []);
  const keys = useResource(() => adminRequest<ListBody<GatewayKey>>('GET', '/admin/api-keys').then((body) => body.data), []);
  const canWrite = session.permissions.includes('api-keys:write');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | undefined>();
  const [secret, setSecret] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [scope, setScope] = useState('gateway');
  const [kind, setKind] = useState<AlertRule['kind']>('budget');
  const [thresholds, setThresholds] = useState('50, 80, 100');
  const [channel, setChannel] = useState<AlertRule['channel']['type']>('webhook');
  const [target, setTarget] = useState('');
  const [budgetUsd, setBudgetUsd] = useState('');

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setError(undefined);
    const numbers = thresholds
      .split(',')
      .map((part) => Number(part.trim()))
      .filter((value) => Number.isFinite(value) && value > 0);
    const body = {
      scope: scope === 'gateway' ? { gateway: true } : { apiKeyId: scope },
      kind,
      ...(numbers.length > 0 && kind !== 'new_address' ? { thresholds: numbers } : {}),
      channel: channel === 'email' ? { type: channel, to: target } : { type: channel, url: target },
      ...(scope === 'gateway' && budgetUsd !== '' ? { budgetUsd: Number(budgetUsd), budgetPeriod: 'month' } : {}),
    };
    try {
      const created = await adminRequest<AlertRule & { secret?: string }>('POST', '/admin/alerts', body);
      setSecret(created.secret);
      setCreating(false);
      rules.reload();
    } catch (reason) {
      setError(reason as Error);
    }
  }

  async function remove(rule: AlertRule) {
    setError(undefined);
    try {
      await adminRequest('DELETE', `/admin/alerts/${encodeURIComponent(rule.id)}`);
      rules.reload();
    } catch (reason) {
      setError(reason as Error);
    }
  }

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Rules that fire once per period: budget thresholds, forecasts, spikes and keys used from new addresses."
      >
        {canWrite ? (
          <button type="button" onClick={() => setCreating(true)}>
            Create alert
          </button>
        ) : null}
      </PageHeader>
      {secret ? (
        <div className="banner banner-good" role="status">
          <p>Webhook signing secret: copy it now, it is shown only this once.</p>
          <div className="secret-row">
            <code id="alert-secret" data-testid="alert-secret">
              {secret}
            </code>
            <CopyButton text={secret} targetId="alert-secret" />
            <button type="button" className="button-secondary" onClick={() => setSecret(undefined)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      {creating ? (
        <form className="panel form" onSubmit={create} aria-label="Create an alert">
          <h3>Create an alert</h3>
          <div className="form-grid">
            <label>
              Watch
              <select name="scope" value={scope} onChange={(event) => setScope(event.target.value)}>
                <option value="gateway">The whole gateway</option>
                {(keys.data ?? []).map((key) => (
                  <option key={key.id} value={key.id}>
                    Key {key.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Kind
              <select name="kind" value={kind} onChange={(event) => setKind(event.target.value as AlertRule['kind'])}>
                {Object.entries(KIND_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Thresholds
              <input name="thresholds" value={thresholds} onChange={(event) => setThresholds(event.target.value)} />
            </label>
            {scope === 'gateway' ? (
              <label>
                Monthly budget (USD)
                <input
                  name="budgetUsd"
                  inputMode="decimal"
                  value={budgetUsd}
                  onChange={(event) => setBudgetUsd(event.target.value)}
                />
              </label>
            ) : null}
            <label>
              Channel
              <select
                name="channel"
                value={channel}
                onChange={(event) => setChannel(event.target.value as AlertRule['channel']['type'])}
              >
                <option value="webhook">Webhook (signed JSON)</option>
                <option value="slack">Slack incoming webhook</option>
                <option value="email">Email</option>
              </select>
            </label>
            <label className="wide">
              {channel === 'email' ? 'Email address' : 'URL'}
              <input name="target" required value={target} onChange={(event) => setTarget(event.target.value)} />
            </label>
          </div>
          <ErrorBanner error={error} action="Creating the alert" />
          <div className="form-actions">
            <button type="submit">Create alert</button>
            <button type="button" className="button-secondary" onClick={() => setCreating(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <ErrorBanner error={error} action="Changing the alert" />
      )}
      <ErrorBanner error={rules.error} action="Loading alerts" onRetry={rules.reload} />
      {rules.data && rules.data.length === 0 ? (
        <EmptyState title="No alerts yet.">
          {canWrite ? 'Create one to hear about spend before the bill.' : 'An admin creates them.'}
        </EmptyState>
      ) : null}
      <div className="card-list">
        {(rules.data ?? []).map((rule) => (
          <article key={rule.id} className="panel card" data-testid={`alert-${rule.id}`}>
            <div className="card-head">
              <div>
                <h3>
                  {KIND_LABELS[rule.kind]} <span className="muted small">{scopeLabel(rule, keys.data ?? [])}</span>
                </h3>
                <p className="muted small">
                  {rule.thresholds.length > 0 ? `thresholds ${rule.thresholds.join(', ')} · ` : ''}
                  {rule.channel.type} {rule.channel.url ?? rule.channel.to} · created {formatTime(rule.createdAt)}
                </p>
              </div>
              <span className={rule.enabled ? 'pill pill-good' : 'pill'}>{rule.enabled ? 'on' : 'off'}</span>
            </div>
            <div className="card-actions">
              <button type="button" className="button-secondary" onClick={() => setOpen(open === rule.id ? undefined : rule.id)}>
                {open === rule.id ? 'Hide deliveries' : 'Deliveries'}
              </button>
              {canWrite ? (
                <ConfirmButton label="Delete" confirmLabel="Delete this alert?" onConfirm={() => remove(rule)} />
              ) : null}
            </div>
            {open === rule.id ? <Deliveries rule={rule} /> : null}
          </article>
        ))}
      </div>
    </>
  );
}
