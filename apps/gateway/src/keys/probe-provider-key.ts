import type { CatalogProvider } from '@switchboard/protocol';
import { adapterFor } from '@switchboard/providers';
import { readErrorBody } from '../upstream/read-error-body';
import type { UpstreamClient } from '../upstream/upstream-client';
import type { KeyProbePurpose, KeyProbeVerdict } from './key-probe';
import { probeRequestFor } from './probe-request-for';

const PROBE_TIMEOUT_MS = 10_000;

async function statusOf(client: UpstreamClient, provider: CatalogProvider, secret: string, kind: 'models' | 'chat') {
  const request = probeRequestFor(provider, secret, kind);
  if (!request) return undefined;
  const model = provider.models.find((entry) => entry.kind === 'chat');
  const target = { provider, upstreamModel: model?.upstream ?? '', apiKey: secret };
  const authorized = await client.authorize(adapterFor(provider.adapter), target, request);
  const response = await client.send(authorized, AbortSignal.timeout(PROBE_TIMEOUT_MS), { 'x-request-id': 'key-probe' });
  // Drained so the connection goes back to the pool; the body itself says nothing we need.
  await readErrorBody(response.body);
  return response.statusCode;
}

/**
 * Asks the provider whether a key still works, through the gateway's own upstream client (so the
 * egress guard and the per-origin pools apply). For the key: its models list first, a one-token
 * completion when the provider has no models list (404/405). For credit: the one-token
 * completion, the cheapest call that is billed. Only a 401 condemns the key; a 402 says the
 * account is (still) out of credit.
 */
export async function probeProviderKey(
  client: UpstreamClient,
  provider: CatalogProvider,
  secret: string,
  purpose: KeyProbePurpose = 'key',
): Promise<KeyProbeVerdict> {
  try {
    let status = purpose === 'key' ? await statusOf(client, provider, secret, 'models') : undefined;
    if (status === undefined || status === 404 || status === 405) status = await statusOf(client, provider, secret, 'chat');
    if (status === undefined) return 'inconclusive';
    if (status >= 200 && status < 300) return 'accepted';
    if (status === 402) return 'out_of_credit';
    return status === 401 ? 'refused' : 'inconclusive';
  } catch {
    return 'inconclusive';
  }
}
