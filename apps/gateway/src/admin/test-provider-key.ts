import type { CatalogProvider } from '@switchboard/protocol';
import { adapterFor } from '@switchboard/providers';
import type { GatewayContext } from '../app/gateway-context';
import { classifyAuthorizationFailure } from '../upstream/classify-authorization-failure';
import { readErrorBody } from '../upstream/read-error-body';
import { redactSecret } from '../upstream/redact-secret';

export interface KeyTestResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  model: string | null;
  message: string;
}

const TEST_TIMEOUT_MS = 15_000;

/**
 * The cheapest real call a key can make: a one-token chat completion on the provider's first
 * chat model, through the same adapter and connection pool as live traffic.
 */
export async function testProviderKey(
  gateway: GatewayContext,
  provider: CatalogProvider,
  secret: string,
  requestId: string,
): Promise<KeyTestResult> {
  const model = provider.models.find((entry) => entry.kind === 'chat');
  if (!model)
    return { ok: false, status: null, latencyMs: 0, model: null, message: 'The provider lists no chat model to test with.' };
  const adapter = adapterFor(provider.adapter);
  const request = adapter.chatRequest(
    { model: model.id, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 1 },
    { provider, upstreamModel: model.upstream, apiKey: secret },
    false,
  );
  const started = Date.now();
  try {
    const target = { provider, upstreamModel: model.upstream, apiKey: secret };
    const authorized = await gateway.upstream.authorize(adapter, target, request);
    const response = await gateway.upstream.send(authorized, AbortSignal.timeout(TEST_TIMEOUT_MS), { 'x-request-id': requestId });
    const body = await readErrorBody(response.body);
    const latencyMs = Date.now() - started;
    if (response.statusCode < 300)
      return { ok: true, status: response.statusCode, latencyMs, model: model.id, message: 'The key works.' };
    const details = adapter.errorDetails(response.statusCode, body);
    return {
      ok: false,
      status: response.statusCode,
      latencyMs,
      model: model.id,
      message: redactSecret(details.message, secret, adapter.secretPieces?.(secret)),
    };
  } catch (error) {
    const failure = classifyAuthorizationFailure(error, provider.id);
    return { ok: false, status: null, latencyMs: Date.now() - started, model: model.id, message: failure.error.message };
  }
}
