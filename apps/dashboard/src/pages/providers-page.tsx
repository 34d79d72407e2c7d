import { useState } from 'react';
import { adminRequest } from '../api/admin-client';
import type { ListBody, Provider, Session } from '../api/admin-types';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { PageHeader } from '../components/page-header';
import { ProviderForm } from '../components/provider-form';
import { ProviderHealth } from '../components/provider-health';
import { useResource } from '../hooks/use-resource';

function priceSummary(provider: Provider): string {
  const priced = provider.models.filter((model) => model.price);
  if (priced.length === 0) return 'no prices';
  const inputs = priced.map((model) => model.price!.input);
  const outputs = priced.map((model) => model.price!.output);
  const span = (values: number[]) =>
    Math.min(...values) === Math.max(...values) ? `$${Math.min(...values)}` : `$${Math.min(...values)}–${Math.max(...values)}`;
  return `in ${span(inputs)} · out ${span(outputs)} /M`;
}

/** The upstream catalog: add, edit, switch on and off, and the router's live health per model. */
export function ProvidersPage({ session }: { session: Session }) {
  const providers = useResource(() => adminRequest<ListBody<Provider>>('GET', '/admin/providers').then((body) => body.data), []);
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [expanded, setExpanded] = useState<string | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const canWrite = session.permissions.includes('providers:write');
  const canSeeHealth = session.permissions.includes('routing:read');

  async function setEnabled(provider: Provider, enabled: boolean) {
    setActionError(undefined);
    try {
      await adminRequest('PATCH', `/admin/providers/${encodeURIComponent(provider.id)}`, { enabled });
      providers.reload();
    } catch (error) {
      setActionError(error as Error);
    }
  }

  return (
    <>
      <PageHeader
        title="Providers"
        description="Upstream services, their models and list prices, and how they are doing right now."
      >
        {canWrite ? (
          <button type="button" onClick={() => setEditing('new')}>
            Add provider
          </button>
        ) : null}
      </PageHeader>
      {editing === 'new' ? (
        <ProviderForm
          onCancel={() => setEditing(undefined)}
          onSubmit={async (body) => {
            await adminRequest('POST', '/admin/providers', body);
            setEditing(undefined);
            providers.reload();
          }}
        />
      ) : null}
      <ErrorBanner error={providers.error} action="Loading providers" onRetry={providers.reload} />
      <ErrorBanner error={actionError} action="Changing the provider" />
      {providers.data && providers.data.length === 0 ? (
        <EmptyState title="No providers yet.">
          {canWrite
            ? 'Add one with its base URL and models, then give it a key on the Provider keys page.'
            : 'An admin adds them.'}
        </EmptyState>
      ) : null}
      <div className="card-list">
        {(providers.data ?? []).map((provider) =>
          editing === provider.id ? (
            <ProviderForm
              key={provider.id}
              provider={provider}
              onCancel={() => setEditing(undefined)}
              onSubmit={async (body) => {
                await adminRequest('PATCH', `/admin/providers/${encodeURIComponent(provider.id)}`, body);
                setEditing(undefined);
                providers.reload();
              }}
            />
          ) : (
            <article key={provider.id} className="panel card" data-testid={`provider-${provider.id}`}>
              <div className="card-head">
                <div>
                  <h3>
                    {provider.name} <span className="muted small">{provider.id}</span>
                  </h3>
                  <p className="muted small mono">{provider.baseUrl}</p>
                </div>
                {provider.enabled && provider.usable === false ? (
                  <span className="pill pill-bad" title="No active key in the vault or the environment">
                    no key
                  </span>
                ) : (
                  <span className={provider.enabled ? 'pill pill-good' : 'pill'}>
                    {provider.enabled ? 'enabled' : 'disabled'}
                  </span>
                )}
              </div>
              <p className="small">
                {provider.adapter} · {provider.models.length} model{provider.models.length === 1 ? '' : 's'} ·{' '}
                {priceSummary(provider)}
              </p>
              <p className="small muted">{provider.models.map((model) => model.id).join(', ') || 'no models'}</p>
              {provider.fileOwnedFields?.length ? (
                <p className="small muted">From config file: {provider.fileOwnedFields.join(', ')}</p>
              ) : null}
              <div className="card-actions">
                {canSeeHealth ? (
                  <button
                    type="button"
                    className="button-secondary"
                    aria-expanded={expanded === provider.id}
                    onClick={() => setExpanded(expanded === provider.id ? undefined : provider.id)}
                  >
                    {expanded === provider.id ? 'Hide health' : 'Live health'}
                  </button>
                ) : null}
                {canWrite ? (
                  <>
                    <button type="button" className="button-secondary" onClick={() => setEditing(provider.id)}>
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={provider.fileOwnedFields?.includes('enabled')}
                      title={provider.fileOwnedFields?.includes('enabled') ? 'from config file' : undefined}
                      onClick={() => setEnabled(provider, !provider.enabled)}
                    >
                      {provider.enabled ? 'Disable' : 'Enable'}
                    </button>
                  </>
                ) : null}
              </div>
              {expanded === provider.id ? <ProviderHealth provider={provider} /> : null}
            </article>
          ),
        )}
      </div>
    </>
  );
}
