import type { HttpBindings } from '@hono/node-server';
import type { ApiKeySummary } from '@switchboard/access';
import { GatewayError, toAnthropicError, toOpenAIErrorBody } from '@switchboard/protocol';
import { Hono } from 'hono';
import { authenticateRequest } from '../access/authenticate-request';
import { keyReport } from '../access/key-report';
import type { AdminEnv } from '../admin/admin-env';
import { serveDashboard } from '../dashboard/serve-dashboard';
import { clientAddress } from '../http/client-address';
import { asGatewayError, errorHeaders } from '../http/openai-error-response';
import { clientRequestIdFrom, newRequestId } from '../http/request-id';
import { METRICS_CONTENT_TYPE, METRICS_UNAUTHORIZED, metricsAuthorized } from '../metrics/serve-metrics';
import { type AnthropicModelInfo, anthropicModelInfos, anthropicModelsPage } from '../models/build-anthropic-models-list';
import { buildModelsList } from '../models/build-models-list';
import { storedResponseRoutes } from '../responses/stored-response-routes';
import { generationReport } from '../usage/generation-report';
import type { GatewayContext } from './gateway-context';

/** The prefixes of the body ids the gateway writes itself, each followed by its request id. */
const GATEWAY_BODY_ID_PREFIXES = ['chatcmpl-', 'msg_', 'resp_', 'cmpl-'];

class ReadinessTimeout extends Error {}

function withTimeout(promise: Promise<void>, milliseconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout()), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function notFound(requestId: string): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'not_found_error',
    code: 'unknown_route',
    message: `No route here. The OpenAI-compatible API lives under /v1 (request ${requestId}).`,
  });
}

export function createApp(
  gateway: GatewayContext,
  admin?: Hono<AdminEnv>,
): Hono<{ Bindings: HttpBindings; Variables: { requestId: string; apiKey?: ApiKeySummary } }> {
  const app = new Hono<{ Bindings: HttpBindings; Variables: { requestId: string; apiKey?: ApiKeySummary } }>();
  // Every response carries the gateway's request id, and the client's own beside it when sane.
  app.use('*', async (c, next) => {
    const requestId = newRequestId();
    c.set('requestId', requestId);
    await next();
    c.header('x-request-id', requestId);
    const clientRequestId = clientRequestIdFrom(c.req.header('x-request-id'));
    if (clientRequestId !== undefined) c.header('x-client-request-id', clientRequestId);
  });
  if (admin)
    app.route(
      '/admin',
      admin as unknown as Hono<{ Bindings: HttpBindings; Variables: { requestId: string; apiKey?: ApiKeySummary } }>,
    );
  // The admin UI: static files that speak to /admin like any other client.
  if (admin) serveDashboard(app);
  // Built once per catalog or key change, not per request.
  let models = { version: -1, body: '', byId: new Map<string, string>(), anthropic: [] as AnthropicModelInfo[] };
  const currentModels = () => {
    if (models.version !== gateway.version) {
      const body = buildModelsList(gateway.catalog, gateway.keys);
      const byId = new Map<string, string>();
      for (const entry of (JSON.parse(body) as { data: { id: string }[] }).data) byId.set(entry.id, JSON.stringify(entry));
      models = { version: gateway.version, body, byId, anthropic: anthropicModelInfos(gateway.catalog) };
    }
    return models;
  };
  // Anthropic's SDK and Claude Code send `anthropic-version` on every call: they get its shapes.
  const wantsAnthropic = (header: string | undefined) => header !== undefined;

  // POST /v1/chat/completions and /v1/embeddings are dispatched before Hono (hot-path-listener).
  // The /v1 routes Hono serves need a gateway key too (the proxied ones check in run-v1).
  app.use('/v1/*', async (c, next) => {
    if (gateway.access) {
      const key = await authenticateRequest(
        gateway.access,
        c.req.header(),
        clientAddress(c.env.incoming, gateway.settings.trustedProxies),
        c.req.path,
      );
      c.set('apiKey', key);
    }
    await next();
  });
  app.get('/v1/models', (c) => {
    if (wantsAnthropic(c.req.header('anthropic-version'))) {
      return c.json(anthropicModelsPage(currentModels().anthropic, c.req.query()));
    }
    return c.body(currentModels().body, 200, { 'content-type': 'application/json' });
  });
  // Model ids may hold slashes (`deepseek/deepseek-v4-flash`), so the id is the rest of the path.
  app.get('/v1/models/:id{.+}', (c) => {
    const id = c.req.param('id');
    if (wantsAnthropic(c.req.header('anthropic-version'))) {
      const info = currentModels().anthropic.find((model) => model.id === id);
      if (info) return c.json(info);
    } else {
      const entry = currentModels().byId.get(id);
      if (entry) return c.body(entry, 200, { 'content-type': 'application/json' });
    }
    throw new GatewayError({
      status: 404,
      type: 'not_found_error',
      code: 'model_not_found',
      param: 'model',
      message: `The model '${id}' does not exist here. GET /v1/models lists the models and aliases this gateway serves.`,
    });
  });
  storedResponseRoutes(app, gateway);
  app.get('/v1/key', async (c) => {
    const key = c.get('apiKey');
    if (!gateway.access || !key) {
      throw new GatewayError({
        status: 404,
        type: 'not_found_error',
        code: 'keys_disabled',
        message: 'This gateway runs without gateway keys (the demo), so there is no key to describe.',
      });
    }
    return c.json(await keyReport(gateway.access, key));
  });
  // OpenRouter's GET /generation: one request's tokens and cost, only to the key that made it.
  app.get('/v1/generation', async (c) => {
    const id = c.req.query('id');
    if (!id) {
      throw new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'missing_required_parameter',
        param: 'id',
        message:
          "Missing query parameter 'id': the request id of the generation to describe (the answer's x-request-id, or the x-request-id the client sent).",
      });
    }
    const key = c.get('apiKey');
    // Searched among this key's requests only: a client id another key reused is not this key's.
    const owner = gateway.access ? key?.id : undefined;
    const find = (candidate: string) => gateway.findUsageEvent?.(candidate, owner) ?? Promise.resolve(undefined);
    // The body id a gateway-written answer carries names the same request: `chatcmpl-req_...` on
    // Chat Completions, `msg_req_...` on Messages (what an Anthropic SDK user has at hand),
    // `resp_req_...` on Responses and `cmpl-req_...` on legacy Completions.
    let event = await find(id);
    const bodyIdPrefix = GATEWAY_BODY_ID_PREFIXES.find((prefix) => id.startsWith(`${prefix}req_`));
    if (!event && bodyIdPrefix) event = await find(id.slice(bodyIdPrefix.length));
    // Another key's request is answered exactly like an unknown one: ids are not secrets, usage is.
    if (!event || (gateway.access && event.apiKeyId !== key?.id)) {
      throw new GatewayError({
        status: 404,
        type: 'not_found_error',
        code: 'generation_not_found',
        param: 'id',
        message: `No generation '${id}' for this key. Usage is recorded within a few seconds of a request finishing; try again shortly.`,
      });
    }
    return c.json(generationReport(event));
  });
  // With METRICS_PORT, /metrics is served there only (see serve-metrics.ts), not on the public port.
  if (gateway.settings.metricsPort === undefined) {
    app.get('/metrics', async (c) => {
      if (!metricsAuthorized(gateway.settings.metricsToken, c.req.header('authorization')))
        return c.text(METRICS_UNAUTHORIZED.body, 401, METRICS_UNAUTHORIZED.headers);
      return c.body(await gateway.metrics.render(), 200, { 'content-type': METRICS_CONTENT_TYPE });
    });
  }
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // Ready means "can serve": a dependency that is down while caches, the spool and per-instance
  // limits carry the traffic makes the body say `degraded`, not the status 503, so a blip does not
  // take the whole fleet out of the balancer. `?strict` answers 503 unless everything is up.
  app.get('/readyz', async (c) => {
    const strict = c.req.query('strict') !== undefined;
    const providers = gateway.catalog.catalog.providers.filter((provider) => provider.enabled).length;
    const checks: Record<string, { status: 'ok' | 'degraded' | 'failing'; [detail: string]: string | number | boolean }> = {
      catalog: { status: 'ok', providers },
    };
    await Promise.all(
      Object.entries(gateway.readinessChecks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2_000);
          checks[name] = { status: 'ok' };
        } catch (error) {
          // The reason, not the error object: a driver error may quote a connection string.
          checks[name] = { status: 'degraded', message: error instanceof ReadinessTimeout ? 'timed out' : 'unreachable' };
        }
      }),
    );
    for (const [name, state] of Object.entries(gateway.readinessStates?.() ?? {})) checks[name] = state;
    const states = Object.values(checks).map((check) => check.status);
    const status = states.includes('failing') ? 'not_ready' : states.includes('degraded') ? 'degraded' : 'ready';
    const ok = strict ? status === 'ready' : status !== 'not_ready';
    return c.json({ status, checks }, ok ? 200 : 503);
  });
  // Errors answer through Hono (not straight to the socket), so the request-id middleware, which
  // runs after them, adds its header to the same response instead of starting a second one.
  const errorResponse = (error: GatewayError, requestId: string, anthropic: boolean) => {
    if (anthropic) {
      const answer = toAnthropicError(error, requestId);
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { ...answer.headers, 'content-type': 'application/json', 'request-id': requestId },
      });
    }
    return new Response(JSON.stringify(toOpenAIErrorBody(error)), {
      status: error.status,
      headers: errorHeaders(error, requestId),
    });
  };
  app.notFound((c) => {
    const requestId = c.get('requestId') ?? newRequestId();
    return errorResponse(notFound(requestId), requestId, wantsAnthropic(c.req.header('anthropic-version')));
  });
  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? newRequestId();
    if (!(error instanceof GatewayError)) gateway.logger.error({ requestId, err: error }, 'unhandled error');
    return errorResponse(asGatewayError(error), requestId, wantsAnthropic(c.req.header('anthropic-version')));
  });
  return app;
}
