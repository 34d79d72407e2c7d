import { type FormEvent, useState } from 'react';
import type { BudgetPeriod, Team } from '../api/admin-types';
import { ErrorBanner } from './error-banner';

const PERIODS: BudgetPeriod[] = ['day', 'week', 'month', 'total'];
const POLICIES = ['balanced', 'price', 'latency', 'throughput'];

const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));
const listOrNull = (value: string) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length === 0 ? null : entries;
};

interface TeamFormProps {
  /** Absent: a new team. */
  team?: Team;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}

/** Creates a team or edits its budget, limits, models and policy; a blank field means unrestricted. */
export function TeamForm({ team, onSubmit, onCancel }: TeamFormProps) {
  const [name, setName] = useState(team?.name ?? '');
  const [allowedModels, setAllowedModels] = useState((team?.allowedModels ?? []).join(', '));
  const [rpm, setRpm] = useState(team?.rpmLimit?.toString() ?? '');
  const [tpm, setTpm] = useState(team?.tpmLimit?.toString() ?? '');
  const [concurrency, setConcurrency] = useState(team?.concurrencyLimit?.toString() ?? '');
  const [budget, setBudget] = useState(team?.budgetMicros != null ? String(team.budgetMicros / 1_000_000) : '');
  const [period, setPeriod] = useState<BudgetPeriod>(team?.budgetPeriod ?? 'month');
  const [policy, setPolicy] = useState(team?.routingPolicy ?? '');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const budgetUsd = numberOrNull(budget);
    const body: Record<string, unknown> = {
      name: name.trim(),
      allowedModels: listOrNull(allowedModels),
      rpmLimit: numberOrNull(rpm),
      tpmLimit: numberOrNull(tpm),
      concurrencyLimit: numberOrNull(concurrency),
      budgetUsd,
      budgetPeriod: budgetUsd === null ? null : period,
      routingPolicy: policy === '' ? null : policy,
    };
    try {
      await onSubmit(body);
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setBusy(false);
    }
  }

  const title = team ? `Edit ${team.name}` : 'Create a team';
  return (
    <form className="panel form" onSubmit={submit} aria-label={title}>
      <h3>{title}</h3>
      <div className="form-grid">
        <label>
          Name
          <input
            name="name"
            required
            maxLength={64}
            placeholder="payments"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label>
          Routing policy
          <select name="routingPolicy" value={policy} onChange={(event) => setPolicy(event.target.value)}>
            <option value="">gateway default</option>
            {POLICIES.map((entry) => (
              <option key={entry} value={entry}>
                {entry}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Allowed models (comma-separated, * patterns; blank for any; keys get what both allow)
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
          Budget period (UTC)
          <select name="budgetPeriod" value={period} onChange={(event) => setPeriod(event.target.value as BudgetPeriod)}>
            {PERIODS.map((entry) => (
              <option key={entry} value={entry}>
                {entry === 'total' ? 'in total' : `per ${entry}`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : team ? 'Save changes' : 'Create team'}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
