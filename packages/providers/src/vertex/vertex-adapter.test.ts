import { readFileSync } from 'node:fs';
import type { ChatCompletionRequest } from '@switchboard/protocol';
import { exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { CatalogProvider } from '../catalog-types';
import { runAdapterContract } from '../contract/adapter-contract-suite';
import type { AdapterTarget, UpstreamHttp } from '../provider-adapter';
import { ProviderKeyFormatError } from '../provider-key-format-error';
import { CLOUD_PLATFORM_SCOPE, VertexAccessTokens, VertexTokenError } from './vertex-access-tokens';
import { VERTEX_ANTHROPIC_VERSION, vertexAdapter } from './vertex-adapter';
import { parseVertexServiceAccount, vertexSecretPieces } from './vertex-service-account';

function fixture(format: 'anthropic' | 'gemini', name: string): string {
  return readFileSync(new URL(`../${format}/__fixtures__/${name}`, import.meta.url), 'utf8');
}

const TOKEN_URI = 'https://oauth2.googleapis.com/token';
const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
const pem = await exportPKCS8(privateKey);
const serviceAccount = {
  type: 'service_account',
  project_id: 'switchboard-tests',
  private_key_id: '8f6a1c0e2b9d4f7a3c5e1b2d4f6a8c0e2b4d6f8a',
  private_key: pem,
  client_email: 'router@switchboard-tests.iam.gserviceaccount.com',
  client_id: '100000000000000000001',
  token_uri: TOKEN_URI,
};
const secret = JSON.stringify(serviceAccount);

/** A token endpoint that checks the assertion as Google does: signature, issuer, audience, scope. */
function tokenEndpoint(calls: { count: number }, now: () => number = Date.now): UpstreamHttp {
  return async (request) => {
    calls.count++;
    expect(request.url).toBe(TOKEN_URI);
    const form = new URLSearchParams(request.body);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const { payload, protectedHeader } = await jwtVerify(form.get('assertion')!, publicKey, {
      issuer: serviceAccount.client_email,
      audience: TOKEN_URI,
      currentDate: new Date(now()),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: serviceAccount.private_key_id });
    expect(payload.scope).toBe(CLOUD_PLATFORM_SCOPE);
    return {
      status: 200,
      body: JSON.stringify({ access_token: `ya29.token-${calls.count}`, expires_in: 3599, token_type: 'Bearer' }),
    };
  };
}

const provider: CatalogProvider = {
  id: 'vertex',
  adapter: 'vertex',
  baseUrl: 'https://us-east5-aiplatform.googleapis.com',
  location: 'us-east5',
  enabled: true,
  models: [],
};

const request: ChatCompletionRequest = {
  model: 'x',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Hello' },
  ],
  max_tokens: 200,
};

const gemini: AdapterTarget = { provider, upstreamModel: 'gemini-2.5-flash', apiKey: secret };
const claude: AdapterTarget = { provider, upstreamModel: 'claude-sonnet-4-5@20250929', apiKey: secret };

runAdapterContract({
  name: 'vertex (gemini)',
  adapter: vertexAdapter,
  target: gemini,
  request,
  authorizeHttp: tokenEndpoint({ count: 0 }),
  whole: {
    body: fixture('gemini', 'generate-content.json'),
    text: 'Hello! How can I help you today?',
    finishReason: 'stop',
    usage: { inputTokens: 4, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 33, reasoningTokens: 24 },
  },
  stream: {
    body: fixture('gemini', 'stream-generate-content.sse'),
    text: 'The sky looks blue because air molecules scatter short blue wavelengths of sunlight more than red ones.',
    finishReason: 'stop',
    usage: { inputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 336, reasoningTokens: 311 },
  },
  toolStream: {
    body: fixture('gemini', 'stream-function-call.sse'),
    name: 'get_weather',
    arguments: { city: 'Paris', unit: 'celsius' },
  },
  error: {
    status: 429,
    body: fixture('gemini', 'error-resource-exhausted.json'),
    messageIncludes: 'exceeded your current quota',
  },
});

runAdapterContract({
  name: 'vertex (claude)',
  adapter: vertexAdapter,
  target: claude,
  request,
  authorizeHttp: tokenEndpoint({ count: 0 }),
  whole: {
    body: fixture('anthropic', 'messages-response.json'),
    text: 'Hi! My name is Claude.',
    finishReason: 'stop',
    usage: { inputTokens: 21 + 188 + 1800, cachedInputTokens: 1800, cacheWriteTokens: 188, outputTokens: 12, reasoningTokens: 0 },
  },
  stream: {
    body: fixture('anthropic', 'messages-stream.sse'),
    text: 'Hello! How can I help you today?',
    finishReason: 'stop',
    usage: { inputTokens: 25 + 1024, cachedInputTokens: 1024, cacheWriteTokens: 0, outputTokens: 15, reasoningTokens: 0 },
  },
  toolStream: {
    body: fixture('anthropic', 'messages-tool-use-stream.sse'),
    name: 'get_weather',
    arguments: { location: 'San Francisco, CA', unit: 'fahrenheit' },
  },
  error: { status: 400, body: fixture('anthropic', 'error-invalid-request.json'), messageIncludes: 'roles must alternate' },
});

describe('vertex requests', () => {
  it('addresses Gemini under publishers/google with the project from the key', () => {
    expect(vertexAdapter.chatRequest(request, gemini, false).url).toBe(
      'https://us-east5-aiplatform.googleapis.com/v1/projects/switchboard-tests/locations/us-east5/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(vertexAdapter.chatRequest(request, gemini, true).url).toMatch(/:streamGenerateContent\?alt=sse$/);
  });

  it('addresses Claude under publishers/anthropic with anthropic_version in the body and no model', () => {
    const whole = vertexAdapter.chatRequest(request, { ...claude, provider: { ...provider, project: 'other-project' } }, false);
    expect(whole.url).toBe(
      'https://us-east5-aiplatform.googleapis.com/v1/projects/other-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict',
    );
    const body = JSON.parse(whole.body);
    expect(body.anthropic_version).toBe(VERTEX_ANTHROPIC_VERSION);
    expect(body.model).toBeUndefined();
    expect(body).toMatchObject({ system: 'You are terse.', max_tokens: 200 });
    const stream = vertexAdapter.chatRequest(request, claude, true);
    expect(stream.url).toMatch(/:streamRawPredict$/);
    expect(JSON.parse(stream.body).stream).toBe(true);
  });
});

describe("vertex with a Messages client's own body", () => {
  it('sends it to Claude in the Vertex envelope: no model, anthropic_version, stream, the beta header', () => {
    const body = {
      model: 'claude-on-vertex',
      max_tokens: 50,
      system: [{ type: 'text', text: 'Long', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Hi' }],
    };
    const neutral = {
      surface: 'messages' as const,
      chat: request,
      native: { format: 'anthropic-messages' as const, body, headers: { 'anthropic-beta': 'context-1m-2025-08-07' } },
      droppedFields: [],
    };
    const built = vertexAdapter.chatRequest(request, claude, true, neutral);
    expect(built.url).toMatch(/publishers\/anthropic\/models\/claude-sonnet-4-5@20250929:streamRawPredict$/);
    expect(built.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
    expect(JSON.parse(built.body)).toEqual({
      anthropic_version: VERTEX_ANTHROPIC_VERSION,
      max_tokens: 50,
      system: body.system,
      messages: body.messages,
      stream: true,
    });
    // Gemini takes the neutral form whatever the client spoke.
    expect(JSON.parse(vertexAdapter.chatRequest(request, gemini, false, neutral).body).contents).toBeDefined();
  });
});

describe('vertex access tokens', () => {
  it('exchanges once per key, shares a concurrent exchange and refreshes before expiry', async () => {
    let now = Date.now();
    const tokens = new VertexAccessTokens(() => now);
    const calls = { count: 0 };
    const http = tokenEndpoint(calls, () => now);
    const account = parseVertexServiceAccount(secret);
    const [first, second] = await Promise.all([tokens.tokenFor(secret, account, http), tokens.tokenFor(secret, account, http)]);
    expect([first, second, calls.count]).toEqual(['ya29.token-1', 'ya29.token-1', 1]);
    now += 50 * 60_000;
    expect(await tokens.tokenFor(secret, account, http)).toBe('ya29.token-1');
    // Within five minutes of the hour: a fresh token.
    now += 6 * 60_000;
    expect(await tokens.tokenFor(secret, account, http)).toBe('ya29.token-2');
  });

  it('fails with the endpoint reason, never the assertion', async () => {
    const tokens = new VertexAccessTokens();
    const refusing: UpstreamHttp = async () => ({
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }),
    });
    const failure = await tokens.tokenFor(secret, parseVertexServiceAccount(secret), refusing).catch((error) => error);
    expect(failure).toBeInstanceOf(VertexTokenError);
    expect(failure.message).toBe('The OAuth token exchange answered 400: invalid_grant: Invalid JWT Signature.');
    expect(failure.status).toBe(400);
  });

  it('forgets a token the upstream refused, so the next request exchanges again', async () => {
    const calls = { count: 0 };
    const http = tokenEndpoint(calls);
    const built = vertexAdapter.chatRequest(request, gemini, false);
    const other: AdapterTarget = { ...gemini, apiKey: JSON.stringify({ ...serviceAccount, client_id: 'another' }) };
    await vertexAdapter.authorize!(built, other, http);
    await vertexAdapter.authorize!(built, other, http);
    expect(calls.count).toBe(1);
    vertexAdapter.forgetCredentials!(other.apiKey);
    await vertexAdapter.authorize!(built, other, http);
    expect(calls.count).toBe(2);
  });

  it('adds the bearer token in authorize', async () => {
    const authorized = await vertexAdapter.authorize!(
      vertexAdapter.chatRequest(request, gemini, false),
      gemini,
      tokenEndpoint({ count: 0 }),
    );
    expect(authorized.headers.authorization).toMatch(/^Bearer ya29\./);
  });
});

describe('vertex service-account keys', () => {
  it('refuses what is not a service-account key', () => {
    for (const bad of [
      'AIzaSy-not-json',
      '{"type":"authorized_user"}',
      JSON.stringify({ ...serviceAccount, private_key: 'nope' }),
    ]) {
      expect(() => parseVertexServiceAccount(bad)).toThrow(ProviderKeyFormatError);
    }
  });

  it('names the private key and its lines for the redactor', () => {
    const pieces = vertexSecretPieces(secret);
    expect(pieces[0]).toBe(pem);
    const line = pem.split('\n')[5]!;
    expect(pieces).toContain(line);
    expect(pieces).toContain(serviceAccount.private_key_id);
  });

  it('needs a project from the provider or the key, refused by the credential step, not while building', async () => {
    const keyWithoutProject = JSON.stringify({ ...serviceAccount, project_id: undefined });
    const target = { ...gemini, apiKey: keyWithoutProject };
    const built = vertexAdapter.chatRequest(request, target, false);
    await expect(vertexAdapter.authorize!(built, target, tokenEndpoint({ count: 0 }))).rejects.toThrow(/names no project/);
    const malformed = { ...gemini, apiKey: 'not json' };
    const builtMalformed = vertexAdapter.chatRequest(request, malformed, false);
    await expect(vertexAdapter.authorize!(builtMalformed, malformed, tokenEndpoint({ count: 0 }))).rejects.toThrow(
      ProviderKeyFormatError,
    );
  });
});
