import { type FormEvent, useEffect, useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { KeyTestResult, ListBody, Provider, ProviderKey, Session } from '../api/admin-types';
import { ConfirmButton } from '../components/confirm-button';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { formatTime } from '../format/format-time';
import { useResource } from '../hooks/use-resource';

/** A secret input that forgets what was typed once submitted: the secret goes to the gateway once and is never shown again. */
function SecretForm({
  label,
  submitLabel,
  withName,
  onSubmit,
}: {
  label: string;
  submitLabel: string;
  withName: boolean;
  onSubmit: (name: string, secret: string) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(name.trim(), secret);
      setName('');
      setSecret('');
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={label}>
      {withName ? (
        <label>
          Key name
          <input
            name="keyName"
            required
            maxLength={64}
            placeholder="production"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
      ) : null}
      <label>
        {withName ? 'Secret' : 'New secret'}
        <input
          name="secret"
          type="password"
          autoComplete="off"
          required
          placeholder="sk-…"
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}

/** Each state as an operator reads it, and how alarming it looks. */
const STATUS_VIEW: Record<ProviderKey['status'], { label: string; tone: string; help: string }> = {
  active: { label: 'active', tone: 'pill pill-good', help: 'Serves requests.' },
  suspect: {
    label: 'suspect',
    tone: 'pill pill-warn',
    help: 'The provider refused it once (401); a probe decides whether it comes back or is disabled.',
  },
  out_of_credit: {
    label: 'out of credit',
    tone: 'pill pill-warn',
    help: "The provider's account has no credit (402); skipped and re-probed until it can pay again.",
  },
  needs_confirmation: {
    label: 'needs confirmation',
    tone: 'pill pill-warn',
    help: "The provider's base URL moved to a new origin; the key is not sent there until you confirm it.",
  },
  undecryptable: {
    label: 'undecryptable',
    tone: 'pill pill-bad',
    help: 'The stored row does not decrypt (tampered, or sealed with a KEK this gateway lacks); skipped. Rotate it or revoke it.',
  },
  disabled: { label: 'disabled', tone: 'pill', help: 'Not used until enabled.' },
  revoked: { label: 'revoked', tone: 'pill pill-bad', help: 'Retired for good.' },
};

/** Upstream keys per provider: add (the secret is typed once), test, disable, rotate, revoke. */
export function ProviderKeysPage({ session }: { session: Session }) {
  const providers = useResource(() => adminRequest<ListBody<Provider>>('GET', '/admin/providers').then((body) => body.data), []);
  const [providerId, setProviderId] = useState<string>('');
  useEffect(() => {
    if (!providerId && providers.data?.[0]) setProviderId(providers.data[0].id);
  }, [providers.data, providerId]);
  const keys = useResource(
    () =>
      providerId
        ? adminRequest<ListBody<ProviderKey>>('GET', `/admin/providers/${encodeURIComponent(providerId)}/keys`).then(
            (body) => body.data,
          )
        : Promise.resolve([]),
    [providerId],
  );
  const [rotating, setRotating] = useState<string | undefined>();
  const [tests, setTests] = useState<Record<string, KeyTestResult | 'running'>>({});
  const [actionError, setActionError] = useState<Error | undefined>();
  const canWrite = session.permissions.includes('keys:write');
  const base = `/admin/providers/${encodeURIComponent(providerId)}/keys`;

  async function act(keyId: string, action: 'disable' | 'enable' | 'revoke' | 'confirm') {
    setActionError(undefined);
    try {
      await adminRequest('POST', `${base}/${keyId}/${action}`, {});
      keys.reload();
    } catch (error) {
      setActionError(error as Error);
    }
  }

  async function test(keyId: string) {
    setTests((current) => ({ ...current, [keyId]: 'running' }));
    try {
      const result = await adminRequest<KeyTestResult>('POST', `${base}/${keyId}/test`, {});
      setTests((current) => ({ ...current, [keyId]: result }));
    } catch (error) {
      setTests((current) => ({
        ...current,
        [keyId]: { ok: false, status: null, latencyMs: 0, model: null, message: (error as Error).message },
      }));
    }
  }

  return (
    <>
      <PageHeader
        title="Provider keys"
        description="The credentials the gateway uses upstream. Sealed in the vault; a secret is never shown again."
      >
        <label className="inline-label">
          Provider
          <select name="provider" value={providerId} onChange={(event) => setProviderId(event.target.value)}>
            {(providers.data ?? []).map((provider) => (
              <option key={provider.id} value={provider.id}>
                {provider.name}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      <ErrorBanner error={providers.error} action="Loading providers" onRetry={providers.reload} />
      {providers.data && providers.data.length === 0 ? (
        <EmptyState title="No providers yet.">Add a provider first; its keys are managed here.</EmptyState>
      ) : null}
      {providerId && canWrite ? (
        <section className="panel">
          <h3>Add a key</h3>
          <SecretForm
            label="Add a provider key"
            submitLabel="Add key"
            withName
            onSubmit={async (name, secret) => {
              await adminRequest('POST', base, { name, secret });
              keys.reload();
            }}
          />
        </section>
      ) : null}
      <ErrorBanner error={keys.error} action="Loading keys" onRetry={keys.reload} />
      <ErrorBanner error={actionError} action="Changing the key" />
      {providerId && keys.data && keys.data.length === 0 ? (
        <EmptyState title={`No keys for ${providerId}.`}>
          {canWrite ? 'Add one above: requests to this provider fail until it has an active key.' : 'An admin adds them.'}
        </EmptyState>
      ) : null}
      {keys.data && keys.data.length > 0 ? (
        <div className="card-list">
          {keys.data.map((key) => {
            const result = tests[key.id];
            return (
              <article key={key.id} className="panel card" data-testid={`provider-key-${key.name}`}>
                <div className="card-head">
                  <div>
                    <h3>
                      {key.name} <span className="muted small mono">…{key.last4}</span>
                    </h3>
                    <p className="muted small">
                      added {formatTime(key.createdAt)} · last used {formatTime(key.lastUsedAt)}
                      {key.rotatedAt ? ` · rotated ${formatTime(key.rotatedAt)}` : ''}
                    </p>
                    <p className="small" data-testid={`provider-key-${key.name}-status`}>
                      {STATUS_VIEW[key.status]?.help ?? key.status} Since {formatTime(key.statusSince)}.
                      {key.statusReason ? ` Reason: ${key.statusReason}` : ''}
                    </p>
                  </div>
                  <span className={STATUS_VIEW[key.status]?.tone ?? 'pill'}>{STATUS_VIEW[key.status]?.label ?? key.status}</span>
                </div>
                {canWrite && key.status !== 'revoked' ? (
                  <div className="card-actions">
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={result === 'running' || key.status === 'needs_confirmation' || key.status === 'undecryptable'}
                      onClick={() => test(key.id)}
                    >
                      {result === 'running' ? 'Testing…' : 'Test'}
                    </button>
                    {key.status === 'needs_confirmation' ? (
                      <ConfirmButton
                        label="Confirm for the new origin"
                        confirmLabel="Send this key to the new origin?"
                        onConfirm={() => act(key.id, 'confirm')}
                      />
                    ) : (
                      <button
                        type="button"
                        className="button-secondary"
                        onClick={() =>
                          act(key.id, key.status === 'disabled' || key.status === 'undecryptable' ? 'enable' : 'disable')
                        }
                      >
                        {key.status === 'disabled' || key.status === 'undecryptable' ? 'Enable' : 'Disable'}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => setRotating(rotating === key.id ? undefined : key.id)}
                    >
                      Rotate
                    </button>
                    <ConfirmButton label="Revoke" confirmLabel="Revoke for good?" onConfirm={() => act(key.id, 'revoke')} />
                  </div>
                ) : null}
                {result && result !== 'running' ? (
                  <div className={result.ok ? 'banner banner-good' : 'banner banner-error'} role="status">
                    {result.ok ? 'Works' : 'Failed'}
                    {result.status ? ` (HTTP ${result.status})` : ''} in {result.latencyMs} ms
                    {result.model ? ` on ${result.model}` : ''}: {result.message}
                  </div>
                ) : null}
                {rotating === key.id ? (
                  <SecretForm
                    label={`Rotate ${key.name}`}
                    submitLabel="Replace secret"
                    withName={false}
                    onSubmit={async (_, secret) => {
                      await adminRequest('POST', `${base}/${key.id}/rotate`, { secret });
                      setRotating(undefined);
                      keys.reload();
                    }}
                  />
                ) : null}
              </article>
            );
          })}
        </div>
      ) : null}
    </>
  );
}
