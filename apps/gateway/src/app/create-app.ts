import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { GatewayError } from '@switchboard/protocol';
import { Hono } from 'hono';
import type { AdminEnv } from '../admin/admin-env';
import { handleChatCompletions } from '../chat/handle-chat-completions';
import { handleEmbeddings } from '../embeddings/handle-embeddings';
import { asGatewayError, writeOpenAIError } from '../http/openai-error-response';
import { requestIdFrom } from '../http/request-id';
import { buildModelsList } from '../models/build-models-list';
import type { GatewayContext } from './gateway-context';
import type { RequestRecord } from './request-record';

type V1Handler = (
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: AbortSignal,
  record: RequestRecord,
) => Promise<void>;

/**
 * Runs a /v1 handler on the raw Node request and response (the hot path skips web streams), with
 * the request id, the client-disconnect signal, one error shape and one log line per request.
 */
async function runV1(
  gateway: GatewayContext,
  route: string,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  handler: V1Handler,
) {
  const record: RequestRecord = {
    requestId: requestIdFrom(incoming.headers['x-request-id'] as string | undefined),
    route,
    startedAt: Date.now(),
    attempts: 0,
  };
  const client = new AbortController();
  // 'close' before the response finished means the client went away: cancel the upstream now.
  const onClose = () => {
    if (!outgoing.writableFinished) client.abort(new Error('client disconnected'));
  };
  outgoing.once('close', onClose);
  try {
    await handler(gateway, incoming, outgoing, client.signal, record);
  } catch (thrown) {
    const error = asGatewayError(thrown);
    if (!(thrown instanceof GatewayError)) gateway.logger.error({ requestId: record.requestId, err: thrown }, 'unhandled error');
    record.outcome ??= 'rejected';
    record.errorCode = error.code;
    if (!outgoing.destroyed) writeOpenAIError(outgoing, error, record.requestId);
  } finally {
    outgoing.off('close', onClose);
    if (client.signal.aborted) record.outcome = 'client_aborted';
    gateway.logger.info(
      {
        requestId: record.requestId,
        route: record.route,
        status: outgoing.statusCode,
        outcome: record.outcome,
        model: record.requestedModel,
        provider: record.provider,
        upstreamModel: record.upstreamModel,
        stream: record.stream,
        attempts: record.attempts,
        inputTokens: record.usage?.inputTokens,
        outputTokens: record.usage?.outputTokens,
        firstByteMs: record.firstByteMs,
        durationMs: Date.now() - record.startedAt,
        errorCode: record.errorCode ?? undefined,
      },
      'request',
    );
  }
}

function notFound(requestId: string): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'not_found_error',
    code: 'unknown_route',
    message: `No route here. The OpenAI-compatible API lives under /v1 (request ${requestId}).`,
  });
}

export function createApp(gateway: GatewayContext, admin?: Hono<AdminEnv>): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  if (admin) app.route('/admin', admin as unknown as Hono<{ Bindings: HttpBindings }>);
  // Built once per catalog or key change, not per request.
  let models = { version: -1, body: '' };
  const modelsBody = () => {
    if (models.version !== gateway.version)
      models = { version: gateway.version, body: buildModelsList(gateway.catalog, gateway.keys) };
    return models.body;
  };

  app.post('/v1/chat/completions', async (c) => {
    await runV1(gateway, 'chat.completions', c.env.incoming, c.env.outgoing, handleChatCompletions);
    return RESPONSE_ALREADY_SENT;
  });
  app.post('/v1/embeddings', async (c) => {
    await runV1(gateway, 'embeddings', c.env.incoming, c.env.outgoing, handleEmbeddings);
    return RESPONSE_ALREADY_SENT;
  });
  app.get('/v1/models', (c) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    return c.body(modelsBody(), 200, { 'content-type': 'application/json', 'x-request-id': requestId });
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const providers = gateway.catalog.catalog.providers.filter((provider) => provider.enabled).length;
    return c.json({ status: 'ready', checks: { catalog: { status: 'ok', providers } } });
  });
  app.notFound((c) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    writeOpenAIError(c.env.outgoing, notFound(requestId), requestId);
    return RESPONSE_ALREADY_SENT;
  });
  app.onError((error, c) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    gateway.logger.error({ requestId, err: error }, 'unhandled error');
    writeOpenAIError(c.env.outgoing, asGatewayError(error), requestId);
    return RESPONSE_ALREADY_SENT;
  });
  return app;
}
