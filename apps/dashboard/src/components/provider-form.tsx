import { type FormEvent, useState } from 'react';
import type { Provider, ProviderModel } from '../api/admin-types';
import { ErrorBanner } from './error-banner';

const ADAPTERS = ['openai-compatible', 'anthropic', 'gemini', 'azure-openai', 'bedrock', 'vertex'] as const;

interface ModelDraft {
  id: string;
  upstream: string;
  kind: 'chat' | 'embedding';
  input: string;
  cachedInput: string;
  output: string;
  contextWindow: string;
  /** Fields the form does not edit, kept as they were. */
  kept: Pick<ProviderModel, 'maxOutputTokens' | 'capabilities'>;
}

function draftOf(model: ProviderModel): ModelDraft {
  return {
    id: model.id,
    upstream: model.upstream === model.id ? '' : model.upstream,
    kind: model.kind,
    input: model.price ? String(model.price.input) : '',
    cachedInput: model.price?.cachedInput === undefined ? '' : String(model.price.cachedInput),
    output: model.price ? String(model.price.output) : '',
    contextWindow: model.contextWindow === null ? '' : String(model.contextWindow),
    kept: { maxOutputTokens: model.maxOutputTokens, capabilities: model.capabilities },
  };
}

const emptyModel = (): ModelDraft => ({
  id: '',
  upstream: '',
  kind: 'chat',
  input: '',
  cachedInput: '',
  output: '',
  contextWindow: '',
  kept: { maxOutputTokens: null, capabilities: {} },
});

/** A model as the admin API takes it: blank fields left out, prices in USD per million tokens. */
function modelBody(draft: ModelDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { id: draft.id.trim(), kind: draft.kind };
  if (draft.upstream.trim()) body.upstream = draft.upstream.trim();
  if (draft.input.trim() || draft.output.trim()) {
    body.price = {
      input: Number(draft.input || 0),
      output: Number(draft.output || 0),
      ...(draft.cachedInput.trim() ? { cachedInput: Number(draft.cachedInput) } : {}),
    };
  }
  if (draft.contextWindow.trim()) body.contextWindow = Number(draft.contextWindow);
  if (draft.kept.maxOutputTokens !== null) body.maxOutputTokens = draft.kept.maxOutputTokens;
  if (Object.keys(draft.kept.capabilities).length > 0) body.capabilities = draft.kept.capabilities;
  return body;
}

/** Shown beside a field the config file owns (its input is disabled: the API would answer 409). */
function FromConfigFile({ owned }: { owned: boolean }) {
  return owned ? <span className="muted small"> (from config file)</span> : null;
}

interface ProviderFormProps {
  /** Absent: a new provider. */
  provider?: Provider;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}

/** Adds a provider or edits one: name, base URL, and its models with prices. */
export function ProviderForm({ provider, onSubmit, onCancel }: ProviderFormProps) {
  const [id, setId] = useState(provider?.id ?? '');
  const [name, setName] = useState(provider?.name ?? '');
  const [adapter, setAdapter] = useState<string>(provider?.adapter ?? 'openai-compatible');
  const [baseUrl, setBaseUrl] = useState(provider?.baseUrl ?? '');
  // Where a cloud places the models: Bedrock's AWS region, Vertex's project and location.
  const [region, setRegion] = useState(provider?.region ?? '');
  const [project, setProject] = useState(provider?.project ?? '');
  const [location, setLocation] = useState(provider?.location ?? '');
  const [models, setModels] = useState<ModelDraft[]>(provider ? provider.models.map(draftOf) : [emptyModel()]);
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);

  const ownedFields = new Set(provider?.fileOwnedFields ?? []);
  const owned = (field: string) => ownedFields.has(field);
  const modelOwned = (modelId: string, field: string) => ownedFields.has(`models/${modelId}/${field}`);
  const anyModelFieldOwned = (modelId: string) => [...ownedFields].some((field) => field.startsWith(`models/${modelId}/`));

  const update = (index: number, change: Partial<ModelDraft>) =>
    setModels((current) => current.map((model, position) => (position === index ? { ...model, ...change } : model)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const modelBodies = models.filter((model) => model.id.trim() !== '').map(modelBody);
    const body: Record<string, unknown> = provider
      ? {
          ...(owned('name') ? {} : { name: name.trim() || provider.id }),
          ...(owned('baseUrl') ? {} : { baseUrl: baseUrl.trim() }),
          models: modelBodies,
        }
      : { id: id.trim(), name: name.trim() || id.trim(), adapter, baseUrl: baseUrl.trim(), models: modelBodies };
    if (adapter === 'bedrock' && region.trim() && !owned('region')) body.region = region.trim();
    if (adapter === 'vertex' && project.trim() && !owned('project')) body.project = project.trim();
    if (adapter === 'vertex' && location.trim() && !owned('location')) body.location = location.trim();
    try {
      await onSubmit(body);
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel form" onSubmit={submit} aria-label={provider ? `Edit ${provider.id}` : 'Add a provider'}>
      <h3>{provider ? `Edit ${provider.name}` : 'Add a provider'}</h3>
      <div className="form-grid">
        {provider ? null : (
          <label>
            Id
            <input
              name="id"
              required
              pattern="[a-z0-9][a-z0-9_-]{0,62}"
              placeholder="acme"
              value={id}
              onChange={(event) => setId(event.target.value)}
            />
          </label>
        )}
        <label>
          Name
          <FromConfigFile owned={owned('name')} />
          <input
            name="name"
            placeholder="Acme Cloud"
            disabled={owned('name')}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        {provider ? null : (
          <label>
            Wire format
            <select name="adapter" value={adapter} onChange={(event) => setAdapter(event.target.value)}>
              {ADAPTERS.map((entry) => (
                <option key={entry} value={entry}>
                  {entry}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="wide">
          Base URL
          <FromConfigFile owned={owned('baseUrl')} />
          <input
            name="baseUrl"
            type="url"
            required
            disabled={owned('baseUrl')}
            placeholder="https://api.example.com/v1"
            value={baseUrl}
            onChange={(event) => setBaseUrl(event.target.value)}
          />
        </label>
        {adapter === 'bedrock' ? (
          <label>
            AWS region
            <FromConfigFile owned={owned('region')} />
            <input
              name="region"
              placeholder="us-east-1"
              disabled={owned('region')}
              value={region}
              onChange={(event) => setRegion(event.target.value)}
            />
          </label>
        ) : null}
        {adapter === 'vertex' ? (
          <>
            <label>
              Project
              <FromConfigFile owned={owned('project')} />
              <input
                disabled={owned('project')}
                name="project"
                placeholder="the key's project_id"
                value={project}
                onChange={(event) => setProject(event.target.value)}
              />
            </label>
            <label>
              Location
              <FromConfigFile owned={owned('location')} />
              <input
                disabled={owned('location')}
                name="location"
                placeholder="global"
                value={location}
                onChange={(event) => setLocation(event.target.value)}
              />
            </label>
          </>
        ) : null}
      </div>
      <fieldset className="models-editor">
        <legend>Models (prices in USD per million tokens)</legend>
        <div className="table-scroll">
          <table className="data-table compact">
            <thead>
              <tr>
                <th>Model id</th>
                <th>Upstream name</th>
                <th>Kind</th>
                <th>Input</th>
                <th>Cached input</th>
                <th>Output</th>
                <th>Context window</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {models.map((model, index) => (
                // Rows have no stable id while being typed; the position is the identity here.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <tr key={index}>
                  <td>
                    <input
                      aria-label="Model id"
                      disabled={anyModelFieldOwned(model.id)}
                      title={anyModelFieldOwned(model.id) ? 'from config file' : undefined}
                      value={model.id}
                      onChange={(event) => update(index, { id: event.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label="Upstream name"
                      disabled={modelOwned(model.id, 'upstream')}
                      placeholder="same"
                      value={model.upstream}
                      onChange={(event) => update(index, { upstream: event.target.value })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label="Kind"
                      disabled={modelOwned(model.id, 'kind')}
                      value={model.kind}
                      onChange={(event) => update(index, { kind: event.target.value as ModelDraft['kind'] })}
                    >
                      <option value="chat">chat</option>
                      <option value="embedding">embedding</option>
                    </select>
                  </td>
                  {(['input', 'cachedInput', 'output', 'contextWindow'] as const).map((field) => (
                    <td key={field}>
                      <input
                        aria-label={field}
                        disabled={modelOwned(model.id, field === 'contextWindow' ? 'contextWindow' : 'price')}
                        title={
                          modelOwned(model.id, field === 'contextWindow' ? 'contextWindow' : 'price')
                            ? 'from config file'
                            : undefined
                        }
                        inputMode="decimal"
                        className="narrow"
                        value={model[field]}
                        onChange={(event) => update(index, { [field]: event.target.value })}
                      />
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      disabled={anyModelFieldOwned(model.id)}
                      onClick={() => setModels((current) => current.filter((_, position) => position !== index))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="button-secondary" onClick={() => setModels((current) => [...current, emptyModel()])}>
          Add a model
        </button>
      </fieldset>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : provider ? 'Save changes' : 'Add provider'}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
