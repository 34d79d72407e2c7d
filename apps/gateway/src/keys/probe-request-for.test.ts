import type { CatalogProvider } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { probeRequestFor } from './probe-request-for';

function provider(adapter: string, baseUrl: string): CatalogProvider {
  return {
    id: adapter,
    name: adapter,
    adapter,
    baseUrl,
    enabled: true,
    models: [{ id: 'm', upstream: 'm', kind: 'chat' }],
  } as unknown as CatalogProvider;
}

describe('probeRequestFor', () => {
  it.each([
    [
      'openai-compatible',
      'https://api.openai.com/v1',
      'https://api.openai.com/v1/models',
      'authorization',
      'Bearer sk-test-1234',
    ],
    ['anthropic', 'https://api.anthropic.com', 'https://api.anthropic.com/v1/models', 'x-api-key', 'sk-test-1234'],
    [
      'gemini',
      'https://generativelanguage.googleapis.com/v1beta',
      'https://generativelanguage.googleapis.com/v1beta/models',
      'x-goog-api-key',
      'sk-test-1234',
    ],
  ])('lists %s models with the key sent as live traffic sends it', (adapter, baseUrl, url, header, value) => {
    const request = probeRequestFor(provider(adapter, baseUrl), 'sk-test-1234', 'models')!;
    expect(request).toMatchObject({ url, method: 'GET', body: '' });
    expect(request.headers[header]).toBe(value);
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('falls back to a one-token completion when asked', () => {
    const request = probeRequestFor(provider('openai-compatible', 'https://api.openai.com/v1'), 'sk-test-1234', 'chat')!;
    expect(request.method).toBe('POST');
    expect(JSON.parse(request.body)).toMatchObject({ max_tokens: 1 });
  });
});
