import { type FormEvent, useState } from 'react';
import type { BudgetPeriod, GatewayKey } from '../api/admin-types';
import { ErrorBanner } from './error-banner';

const PERIODS: BudgetPeriod[] = ['day', 'week', 'month', 'total'];

const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));
const listOrNull = (value: string) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length === 0 ? null : entries;
};

interface GatewayKeyFormProps {
  /** Absent: a new key. */
  gatewayKey?: GatewayKey;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}

/** Creates a gateway key or edits its limits, scopes and budget; a blank field means unrestricted. */
export function GatewayKeyForm({ gatewayKey, onSubmit, onCancel }: GatewayKeyFormProps) {
  const [name, setName] = useState(gatewayKey?.name ?? '');
  const [owner, setOwner] = useState(gatewayKey?.owner ?? '');
  const [allowedModels, setAllowedModels] = useState((gatewayKey?.allowedModels ?? []).join(', '));
  const [rpm, setRpm] = useState(gatewayKey?.rpmLimit?.toString() ?? '');
  const [tpm, setTpm] = useState(gatewayKey?.tpmLimit?.toString() ?? '');
  const [concurrency, setConcurrency] = useState(gatewayKey?.concurrencyLimit?.toString() ?? '');
  const [budget, setBudget] = useState(gatewayKey?.budgetMicros ? String(gatewayKey.budgetMicros / 1_000_000) : '');
  const [period, setPeriod] = useState<BudgetPeriod>(gatewayKey?.budgetPeriod ?? 'month');
  const [expires, setExpires] = useState(gatewayKey?.expiresAt?.slice(0, 10) ?? '');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const budgetUsd = numberOrNull(budget);
    const body: Record<string, unknown> = {
      name: name.trim(),
      owner: owner.trim() || null,
      allowedModels: listOrNull(allowedModels),
      rpmLimit: numberOrNull(rpm),
      tpmLimit: numberOrNull(tpm),
      concurrencyLimit: numberOrNull(concurrency),
      budgetUsd,
      budgetPeriod: budgetUsd === null ? null : period,
      expiresAt: expires.trim() || null,
    };
    try {
      await onSubmit(body);
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel form" onSubmit={submit} aria-label={gatewayKey ? `Edit ${gatewayKey.name}` : 'Create a gateway key'}>
      <h3>{gatewayKey ? `Edit ${gatewayKey.name}` : 'Create a gateway key'}</h3>
      <div className="form-grid">
        <label>
          Name
          <input
            name="name"
            required
            maxLength={64}
            placeholder="checkout-service"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label>
          Owner
          <input name="owner" placeholder="team-payments" value={owner} onChange={(event) => setOwner(event.target.value)} />
        </label>
        <label className="wide">
          Allowed models (comma-separated, * patterns; blank for any)
          <input
            name="allowedModels"
            placeholder="deepseek-*, gpt-4o-mini"
            value={allowedModels}
            onChange={(event) => setAllowedModels(event.target.value)}
          />
        </label>
        <label>
          Requests per minute
          <input
            name="rpmLimit"
            inputMode="numeric"
            placeholder="unlimited"
            value={rpm}
            onChange={(event) => setRpm(event.target.value)}
          />
        </label>
        <label>
          Tokens per minute
          <input
            name="tpmLimit"
            inputMode="numeric"
            placeholder="unlimited"
            value={tpm}
            onChange={(event) => setTpm(event.target.value)}
          />
        </label>
        <label>
          Concurrent requests
          <input
            name="concurrencyLimit"
            inputMode="numeric"
            placeholder="unlimited"
            value={concurrency}
            onChange={(event) => setConcurrency(event.target.value)}
          />
        </label>
        <label>
          Budget (USD)
          <input
            name="budgetUsd"
            inputMode="decimal"
            placeholder="none"
            value={budget}
            onChange={(event) => setBudget(event.target.value)}
          />
        </label>
        <label>
          Budget period
          <select name="budgetPeriod" value={period} onChange={(event) => setPeriod(event.target.value as BudgetPeriod)}>
            {PERIODS.map((entry) => (
              <option key={entry} value={entry}>
                {entry === 'total' ? 'in total' : `per ${entry}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Expires
          <input name="expiresAt" type="date" value={expires} onChange={(event) => setExpires(event.target.value)} />
        </label>
      </div>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : gatewayKey ? 'Save changes' : 'Create key'}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
