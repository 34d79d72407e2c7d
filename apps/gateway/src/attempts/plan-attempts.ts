import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import { GatewayError } from '@switchboard/protocol';
import type { ProviderAdapter } from '@switchboard/providers';
import { adapterFor } from '@switchboard/providers';
import { type CatalogIndex, resolveCandidates } from '@switchboard/router';
import type { ProviderKeySource } from '../keys/environment-key-source';

export interface Attempt {
  provider: CatalogProvider;
  model: CatalogModel;
  adapter: ProviderAdapter;
  apiKey: string;
  /** The vault row of the key, so a rejection can take that key out of rotation. */
  keyId: string | undefined;
}

function modelNotFound(requested: string): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'model_not_found',
    param: 'model',
    message: `The model '${requested}' does not exist or is not served by any enabled provider. GET /v1/models lists what is available.`,
  });
}

/**
 * The ordered providers to try for a request, each with its adapter and key. Providers with no
 * key are skipped; when none has one, the error names the provider and how to add a key.
 */
export function planAttempts(
  index: CatalogIndex,
  keys: ProviderKeySource,
  requested: string,
  kind: CatalogModel['kind'],
  maxAttempts: number,
): Attempt[] {
  const resolution = resolveCandidates(index, requested);
  if (resolution.kind === 'unknown-model') throw modelNotFound(requested);
  if (resolution.kind === 'provider-disabled') {
    throw new GatewayError({
      status: 503,
      type: 'service_unavailable',
      code: 'provider_disabled',
      param: 'model',
      provider: resolution.providerId,
      message: `Provider '${resolution.providerId}' is disabled, so '${requested}' cannot be served.`,
    });
  }
  const ofKind = resolution.candidates.filter((candidate) => candidate.model.kind === kind);
  if (ofKind.length === 0) {
    const endpoint = kind === 'chat' ? '/v1/embeddings' : '/v1/chat/completions';
    throw new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'model_wrong_endpoint',
      param: 'model',
      message: `The model '${requested}' is ${kind === 'chat' ? 'an embedding' : 'a chat'} model; call ${endpoint} instead.`,
    });
  }
  const attempts: Attempt[] = [];
  for (const candidate of ofKind) {
    const key = keys.keyFor(candidate.provider);
    if (key === undefined) continue;
    attempts.push({ ...candidate, adapter: adapterFor(candidate.provider.adapter), apiKey: key.secret, keyId: key.keyId });
    if (attempts.length === maxAttempts) break;
  }
  if (attempts.length === 0) {
    const missing = ofKind.map((candidate) => `'${candidate.provider.id}' (${keys.howToAddKey(candidate.provider)})`);
    throw new GatewayError({
      status: 503,
      type: 'service_unavailable',
      code: 'provider_key_missing',
      param: 'model',
      provider: ofKind[0]!.provider.id,
      message: `No API key is configured for '${requested}'. Add one for provider ${missing.join(' or ')}.`,
    });
  }
  return attempts;
}
