import { useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { GatewayKey, ListBody, Session } from '../api/admin-types';
import { BudgetMeter } from '../components/budget-meter';
import { ConfirmButton } from '../components/confirm-button';
import { CopyButton } from '../components/copy-button';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { GatewayKeyForm } from '../components/gateway-key-form';
import { PageHeader } from '../components/page-header';
import { formatCount } from '../format/format-count';
import { formatTime } from '../format/format-time';
import { useResource } from '../hooks/use-resource';

function limits(key: GatewayKey): string {
  const parts = [
    key.rpmLimit === null ? null : `${formatCount(key.rpmLimit)} req/min`,
    key.tpmLimit === null ? null : `${formatCount(key.tpmLimit)} tokens/min`,
    key.concurrencyLimit === null ? null : `${key.concurrencyLimit} at once`,
  ].filter(Boolean);
  return parts.length === 0 ? 'no rate limits' : parts.join(' · ');
}

/** The keys applications call /v1 with: create (shown once), edit limits, scopes and budget, revoke. */
export function GatewayKeysPage({ session }: { session: Session }) {
  const keys = useResource(() => adminRequest<ListBody<GatewayKey>>('GET', '/admin/api-keys').then((body) => body.data), []);
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [created, setCreated] = useState<{ name: string; key: string } | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const [showRevoked, setShowRevoked] = useState(false);
  const canWrite = session.permissions.includes('api-keys:write');
  const shown = (keys.data ?? []).filter((key) => showRevoked || key.revokedAt === null);
  const revokedCount = (keys.data ?? []).filter((key) => key.revokedAt !== null).length;

  async function revoke(key: GatewayKey) {
    setActionError(undefined);
    try {
      await adminRequest('POST', `/admin/api-keys/${encodeURIComponent(key.id)}/revoke`, {});
      keys.reload();
    } catch (error) {
      setActionError(error as Error);
    }
  }

  async function rotate(key: GatewayKey) {
    setActionError(undefined);
    try {
      // The old key keeps working for a day beside its successor, which continues its budget.
      const result = await adminRequest<GatewayKey & { key: string }>(
        'POST',
        `/admin/api-keys/${encodeURIComponent(key.id)}/rotate`,
        { overlapSeconds: 86_400 },
      );
      setCreated({ name: result.name, key: result.key });
      keys.reload();
    } catch (error) {
      setActionError(error as Error);
    }
  }

  return (
    <>
      <PageHeader
        title="Gateway keys"
        description="What applications send as their API key: scopes, rate limits and budgets per key."
      >
        {canWrite ? (
          <button type="button" onClick={() => setEditing('new')}>
            Create key
          </button>
        ) : null}
      </PageHeader>
      {created ? (
        <div className="banner banner-good created-key" role="status">
          <p>
            <strong>{created.name}</strong> created. Copy the key now: it is shown only this once.
          </p>
          <div className="secret-row">
            <code id="created-key" data-testid="created-key">
              {created.key}
            </code>
            <CopyButton text={created.key} targetId="created-key" />
            <button type="button" className="button-secondary" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      {editing === 'new' ? (
        <GatewayKeyForm
          onCancel={() => setEditing(undefined)}
          onSubmit={async (body) => {
            const result = await adminRequest<GatewayKey & { key: string }>('POST', '/admin/api-keys', body);
            setCreated({ name: result.name, key: result.key });
            setEditing(undefined);
            keys.reload();
          }}
        />
      ) : null}
      <ErrorBanner error={keys.error} action="Loading gateway keys" onRetry={keys.reload} />
      <ErrorBanner error={actionError} action="Changing the key" />
      {keys.data && shown.length === 0 ? (
        <EmptyState title="No gateway keys yet.">
          {canWrite ? 'Create one and give it to an application as its OpenAI API key.' : 'An admin creates them.'}
        </EmptyState>
      ) : null}
      <div className="card-list">
        {shown.map((key) =>
          editing === key.id ? (
            <GatewayKeyForm
              key={key.id}
              gatewayKey={key}
              onCancel={() => setEditing(undefined)}
              onSubmit={async (body) => {
                await adminRequest('PATCH', `/admin/api-keys/${encodeURIComponent(key.id)}`, body);
                setEditing(undefined);
                keys.reload();
              }}
            />
          ) : (
            <article key={key.id} className="panel card" data-testid={`gateway-key-${key.name}`}>
              <div className="card-head">
                <div>
                  <h3>
                    {key.name}{' '}
                    <span className="muted small mono">
                      {key.prefix}…{key.last4}
                    </span>
                  </h3>
                  <p className="muted small">
                    {key.owner ? `${key.owner} · ` : ''}created {formatTime(key.createdAt)}
                    {key.expiresAt ? ` · expires ${formatTime(key.expiresAt)}` : ''}
                  </p>
                </div>
                <span className={key.revokedAt ? 'pill pill-bad' : 'pill pill-good'}>{key.revokedAt ? 'revoked' : 'active'}</span>
              </div>
              <p className="small">
                {key.allowedModels ? `models: ${key.allowedModels.join(', ')}` : 'any model'} · {limits(key)}
              </p>
              <BudgetMeter gatewayKey={key} />
              {canWrite && key.revokedAt === null ? (
                <div className="card-actions">
                  <button type="button" className="button-secondary" onClick={() => setEditing(key.id)}>
                    Edit
                  </button>
                  <ConfirmButton
                    label="Rotate"
                    confirmLabel="Rotate? The old key works one more day."
                    onConfirm={() => rotate(key)}
                  />
                  <ConfirmButton label="Revoke" confirmLabel="Revoke for good?" onConfirm={() => revoke(key)} />
                </div>
              ) : null}
            </article>
          ),
        )}
      </div>
      {revokedCount > 0 ? (
        <button type="button" className="link-button" onClick={() => setShowRevoked(!showRevoked)}>
          {showRevoked ? 'Hide revoked keys' : `Show ${revokedCount} revoked key${revokedCount === 1 ? '' : 's'}`}
        </button>
      ) : null}
    </>
  );
}
