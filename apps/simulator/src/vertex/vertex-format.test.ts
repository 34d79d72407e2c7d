import { exportPKCS8, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator';
import { startSimulator } from '../start-simulator';
import { sendJson } from '../testing/send-json';
import { testServiceAccountKey } from './test-service-account';

let simulator: Simulator;
let baseUrl: string;
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  baseUrl = simulator.addProvider('vertex', 'vertex', { chunkCount: 2, text: 'Yes!' }).baseUrl;
});

async function assertion(privateKeyPem: string, overrides: { audience?: string; scope?: string } = {}) {
  const key = await (await import('jose')).importPKCS8(privateKeyPem, 'RS256');
  const account = JSON.parse(testServiceAccountKey(`${baseUrl}/token`)) as { client_email: string; token_uri: string };
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: overrides.scope ?? CLOUD_PLATFORM })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(account.client_email)
    .setAudience(overrides.audience ?? account.token_uri)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(key);
}

async function exchange(jwt: string) {
  const response = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }).toString(),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const testPrivateKey = () => (JSON.parse(testServiceAccountKey('unused')) as { private_key: string }).private_key;
const geminiUrl = () =>
  `${baseUrl}/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent`;

describe('vertex format', () => {
  it('exchanges a JWT signed by the test service account for an access token that Gemini routes take', async () => {
    const token = await exchange(await assertion(testPrivateKey()));
    expect(token.status).toBe(200);
    expect(token.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const answer = await sendJson(
      geminiUrl(),
      { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] },
      {
        authorization: `Bearer ${String(token.json.access_token)}`,
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Yes!');
  });

  it('refuses assertions signed by another key, for another audience or scope', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    expect(await exchange(await assertion(await exportPKCS8(privateKey)))).toEqual({
      status: 400,
      json: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
    });
    expect((await exchange(await assertion(testPrivateKey(), { audience: 'https://oauth2.googleapis.com/token' }))).status).toBe(
      400,
    );
    expect((await exchange(await assertion(testPrivateKey(), { scope: 'email' }))).json.error).toBe('invalid_scope');
  });

  it('answers 401 to a model call without a token it issued', async () => {
    const none = await sendJson(geminiUrl(), { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
    expect(none.status).toBe(401);
    const forged = await sendJson(
      geminiUrl(),
      { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] },
      {
        authorization: 'Bearer ya29.sim.99999999999999.forged',
      },
    );
    expect(forged.status).toBe(401);
    expect(forged.json).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('serves Claude at rawPredict only with the Vertex anthropic_version and no model', async () => {
    const token = String((await exchange(await assertion(testPrivateKey()))).json.access_token);
    const url = `${baseUrl}/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`;
    const headers = { authorization: `Bearer ${token}` };
    const messages = [{ role: 'user', content: 'Hi' }];
    const ok = await sendJson(url, { anthropic_version: 'vertex-2023-10-16', max_tokens: 10, messages }, headers);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      type: 'message',
      model: 'claude-sonnet-4-5@20250929',
      content: [{ type: 'text', text: 'Yes!' }],
    });
    const withModel = await sendJson(
      url,
      { anthropic_version: 'vertex-2023-10-16', model: 'x', max_tokens: 10, messages },
      headers,
    );
    expect(withModel.status).toBe(400);
    const wrongVersion = await sendJson(url, { anthropic_version: '2023-06-01', max_tokens: 10, messages }, headers);
    expect(wrongVersion.status).toBe(400);
  });
});
