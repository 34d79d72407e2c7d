import { z } from 'zod';
import { createProviderSchema, updateProviderSchema } from './provider-schemas';
import { createAlertSchema, updateAlertSchema } from './routes/alerts-routes';
import { createModelAliasSchema, updateModelAliasSchema } from './routes/model-aliases-routes';
import { priceEntrySchema, priceSheetSchema, repriceSchema } from './routes/prices-routes';
import { createTokenSchema } from './routes/tokens-routes';

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } },
      required: ['code', 'message', 'requestId'],
    },
  },
};

function body(schema: z.ZodType) {
  return { required: true, content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } } };
}

function operation(summary: string, permission: string, extra: Record<string, unknown> = {}) {
  return {
    summary,
    description: `Needs the ${permission} permission.`,
    responses: {
      '200': { description: 'OK' },
      '400': {
        description: 'A field is unknown or malformed; the message names it.',
        content: { 'application/json': { schema: errorSchema } },
      },
      '401': { description: 'Missing, malformed, unknown or revoked token (one body for all).' },
      '403': { description: 'The token role lacks the permission.' },
      '404': { description: 'No such object.' },
      '409': { description: 'The name exists already, or the object is in a state that forbids this.' },
    },
    ...extra,
  };
}

const keyBody = z.strictObject({ name: z.string(), secret: z.string() });
const rotateBody = z.strictObject({ secret: z.string() });
const rotateApiKeyBody = z.strictObject({ overlapSeconds: z.number().int().min(0).max(2_592_000).optional() });
const limit = z.number().int().min(1).nullable().optional();
const teamBody = z.strictObject({
  name: z.string(),
  budgetUsd: z.number().min(0).nullable().optional(),
  budgetPeriod: z.enum(['day', 'week', 'month', 'total']).nullable().optional(),
  rpmLimit: limit,
  tpmLimit: limit,
  concurrencyLimit: limit,
  allowedModels: z.array(z.string()).nullable().optional(),
  routingPolicy: z.enum(['balanced', 'price', 'latency', 'throughput']).nullable().optional(),
});

/** The admin API described as OpenAPI 3.1, served at /admin/openapi.json. */
export function openApiDocument() {
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const keyId = { name: 'keyId', in: 'path', required: true, schema: { type: 'string' } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard admin API',
      version: '1',
      description:
        'Manage providers, provider keys and admin tokens. Authenticate with `Authorization: Bearer <admin token>`, or with the session cookie POST /admin/session sets (then every method but GET and HEAD needs the header `x-switchboard-csrf: 1`). Errors are `{"error":{"code","message","requestId"}}`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/admin/session': {
        post: {
          ...operation('Sign in (the dashboard): sets an HttpOnly session cookie for /admin', 'no', {
            description: 'Any live admin token; the body carries it.',
          }),
          security: [],
          requestBody: body(z.strictObject({ token: z.string() })),
        },
        get: operation('Who is signed in: name, role and its permissions', 'no', { description: 'Any role.' }),
        delete: { ...operation('Sign out: clears the session cookie', 'no', { description: 'No token needed.' }), security: [] },
      },
      '/admin/providers': {
        get: operation('List providers with their models', 'providers:read'),
        post: operation('Add a provider', 'providers:write', { requestBody: body(createProviderSchema) }),
      },
      '/admin/providers/{id}': {
        parameters: [id],
        get: operation('Read a provider', 'providers:read'),
        patch: operation('Change a provider (models, when given, replace the list)', 'providers:write', {
          requestBody: body(updateProviderSchema),
        }),
        delete: operation('Delete a provider with its models and keys', 'providers:write'),
      },
      '/admin/providers/{id}/keys': {
        parameters: [id],
        get: operation('List the provider keys, masked, each with its status, statusReason and statusSince', 'providers:read'),
        post: operation('Add a key; the secret is never returned', 'keys:write', { requestBody: body(keyBody) }),
      },
      ...Object.fromEntries(
        ['disable', 'enable', 'revoke'].map((action) => [
          `/admin/providers/{id}/keys/{keyId}/${action}`,
          { parameters: [id, keyId], post: operation(`${action[0]!.toUpperCase()}${action.slice(1)} a key`, 'keys:write') },
        ]),
      ),
      '/admin/providers/{id}/keys/{keyId}/confirm': {
        parameters: [id, keyId],
        post: operation(
          "Confirm a key held in needs_confirmation for its provider's new base URL origin (audited)",
          'keys:write',
        ),
      },
      '/admin/providers/{id}/keys/{keyId}/rotate': {
        parameters: [id, keyId],
        post: operation('Replace the secret of a key atomically', 'keys:write', { requestBody: body(rotateBody) }),
      },
      '/admin/providers/{id}/keys/{keyId}/test': {
        parameters: [id, keyId],
        post: operation('Make a one-token call with the key; reports status and latency', 'keys:write'),
      },
      '/admin/tokens': {
        get: operation('List admin tokens (prefix and last 4 only)', 'tokens:read'),
        post: operation('Create an admin token; it is shown once', 'tokens:write', { requestBody: body(createTokenSchema) }),
      },
      '/admin/tokens/{id}': { parameters: [id], delete: operation('Revoke an admin token', 'tokens:write') },
      '/admin/routing/{model}': {
        parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }],
        get: operation('Live routing candidates for a model: statistics, breakers, scores, rejections', 'routing:read', {
          parameters: ['stream', 'input_tokens', 'max_tokens', 'policy', 'tools', 'vision'].map((name) => ({
            name,
            in: 'query',
            schema: { type: 'string' },
          })),
        }),
      },
      '/admin/model-aliases': {
        get: operation("List the gateway's model aliases kept in the database", 'providers:read'),
        post: operation(
          'Add an alias: an exact name or a `*` pattern such as claude-sonnet-* -> models in order',
          'providers:write',
          {
            requestBody: body(createModelAliasSchema),
          },
        ),
      },
      '/admin/model-aliases/{name}': {
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        get: operation('Read a model alias', 'providers:read'),
        patch: operation('Change the targets or description of a model alias', 'providers:write', {
          requestBody: body(updateModelAliasSchema),
        }),
        delete: operation('Delete a model alias', 'providers:write'),
      },
      '/admin/api-keys': {
        get: operation('List gateway API keys (prefix and last 4 only), with spend against budget', 'api-keys:read'),
        post: operation('Create a gateway API key; it is shown once', 'api-keys:write', {
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        }),
      },
      '/admin/api-keys/{id}': {
        parameters: [id],
        get: operation('Read a gateway API key', 'api-keys:read'),
        patch: operation('Change limits, scopes, budget, expiry, policy or team (teamId)', 'api-keys:write', {
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        }),
      },
      '/admin/api-keys/{id}/revoke': { parameters: [id], post: operation('Revoke a gateway API key', 'api-keys:write') },
      '/admin/api-keys/{id}/rotate': {
        parameters: [id],
        post: operation(
          'Issue a successor (its key shown once) with the same settings, team and budget; the old key works for overlapSeconds (default 86400), then expires',
          'api-keys:write',
          { requestBody: body(rotateApiKeyBody) },
        ),
      },
      '/admin/teams': {
        get: operation('List teams with their member keys and spend against budget', 'teams:read'),
        post: operation('Create a team (201 with its id, team_...)', 'teams:write', { requestBody: body(teamBody) }),
      },
      '/admin/teams/{id}': {
        parameters: [id],
        get: operation('Read a team, its members and budget use', 'teams:read'),
        patch: operation('Change a team; null clears a limit', 'teams:write', { requestBody: body(teamBody.partial()) }),
        delete: operation('Delete a team; its keys stay, without a team, and its usage keeps its id', 'teams:write'),
      },
      '/admin/usage': {
        get: operation(
          'Usage and cost from the rollups, bucketed, grouped, filtered, with totals (CSV with format=csv)',
          'usage:read',
          {
            description:
              'Needs the usage:read permission. groupBy takes key, team, provider, model, tag and user (tag and user not together with team). Tags and end users are rolled up per UTC day (granularity day or total, the default then); per key and day the first 100 distinct tags and end users have rows of their own, the rest are summed as "(other)". Grouped by tag, an event with several tags is in each of their rows and once in the totals. Every row and the totals carry cacheSavingsMicros (what cache hits cost less than the uncached input price).',
            parameters: [
              'from',
              'to',
              'granularity',
              'groupBy',
              'apiKeyId',
              'teamId',
              'provider',
              'model',
              'tag',
              'user',
              'format',
            ].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          },
        ),
      },
      '/admin/statements': {
        get: operation(
          "Without month: the UTC months with usage, for the whole gateway and per key, to invoice. With month=YYYY-MM: that month's statement (line items per provider and model: requests, tokens by kind, cost, price versions; totals equal to /admin/usage for the range and scope) as format=json, csv or html (printable)",
          'usage:read',
          {
            parameters: [
              { name: 'month', in: 'query', schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } },
              { name: 'apiKeyId', in: 'query', schema: { type: 'string' } },
              { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv', 'html'] } },
            ],
          },
        ),
      },
      '/admin/prices': {
        get: operation(
          'List price versions (USD per 1M tokens as decimal strings), with the one in force now marked',
          'providers:read',
          {
            parameters: ['provider', 'model'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          },
        ),
        post: operation(
          'Add a price version for a model from effectiveFrom (UTC): list prices, a promotion with effectiveUntil, off-peak schedules, long-context tiers. 409 when the config file owns the price',
          'providers:write',
          { requestBody: body(priceEntrySchema) },
        ),
      },
      '/admin/prices/export': {
        get: operation('Export the price book as a JSON price sheet (docs/price-sheet.md)', 'providers:read', {
          parameters: [{ name: 'provider', in: 'query', schema: { type: 'string' } }],
        }),
      },
      '/admin/prices/import': {
        post: operation(
          'Import a JSON price sheet: adds the versions not stored yet and reports added, changed and unchanged (dryRun=true: report only)',
          'providers:write',
          {
            parameters: [{ name: 'dryRun', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } }],
            requestBody: body(priceSheetSchema),
          },
        ),
      },
      '/admin/prices/reprice': {
        post: operation(
          "Re-price a past range of one model's stored usage at a given version (audited, with a reason): events and rollups move by the difference",
          'providers:write',
          { requestBody: body(repriceSchema) },
        ),
      },
      '/admin/catalog/import': {
        post: operation(
          "Import models and prices from a file sent as the body: a JSON price sheet, OpenRouter's /models answer or LiteLLM's model_prices_and_context_window.json. Adds and updates models, adds import price versions from effectiveFrom (default now) and reports the diff (dryRun=true: report only). 409 when the config file owns a price or provider",
          'providers:write',
          {
            parameters: [
              { name: 'dryRun', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
              { name: 'format', in: 'query', schema: { type: 'string', enum: ['price-sheet', 'openrouter', 'litellm'] } },
              { name: 'provider', in: 'query', schema: { type: 'string' } },
              { name: 'effectiveFrom', in: 'query', schema: { type: 'string', format: 'date-time' } },
            ],
          },
        ),
      },
      '/admin/catalog/price-ages': {
        get: operation(
          "How old each catalog model's price in force is; stale when older than PRICE_MAX_AGE_DAYS (default 180)",
          'providers:read',
        ),
      },
      '/admin/alerts': {
        get: operation('List alert rules', 'usage:read'),
        post: operation(
          'Create an alert rule: scope {apiKeyId} | {teamId} | {gateway: true}, kind budget | forecast | spike | new_address, channel webhook | slack | email. Answers 201; a webhook rule answers its signing secret (`secret`) this once. Deliveries are signed `x-switchboard-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`',
          'api-keys:write',
          { requestBody: body(createAlertSchema) },
        ),
      },
      '/admin/alerts/{id}': {
        parameters: [id],
        get: operation('Read an alert rule (never its secret)', 'usage:read'),
        patch: operation('Change thresholds, options, the channel target, or enable/disable a rule', 'api-keys:write', {
          requestBody: body(updateAlertSchema),
        }),
        delete: operation('Delete an alert rule and its delivery log', 'api-keys:write'),
      },
      '/admin/alerts/{id}/deliveries': {
        parameters: [id],
        get: operation(
          'The delivery log: each firing (payload, period, threshold, value) with its status and every attempt (time, status code, error, duration), newest first',
          'usage:read',
          {
            parameters: ['limit', 'before'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          },
        ),
      },
      '/admin/audit': {
        get: operation('Audit log, newest first', 'audit:read', {
          parameters: ['limit', 'before', 'target_type', 'target_id'].map((name) => ({
            name,
            in: 'query',
            schema: { type: 'string' },
          })),
        }),
      },
    },
  };
}
