import { describe, expect, it } from 'vitest';
import { newProviderOrigins } from './new-provider-origins';

describe('newProviderOrigins', () => {
  const current = { baseUrl: 'https://api.deepseek.com/v1', anthropicBaseUrl: 'https://api.deepseek.com/anthropic' };

  it('ignores path changes and the default port spelled out', () => {
    expect(newProviderOrigins(current, { baseUrl: 'https://api.deepseek.com/beta', anthropicBaseUrl: undefined })).toEqual([]);
    expect(newProviderOrigins(current, { baseUrl: 'https://API.deepseek.com:443/v1', anthropicBaseUrl: undefined })).toEqual([]);
  });

  it('names a new scheme, host or port, in either endpoint', () => {
    expect(newProviderOrigins(current, { ...current, baseUrl: 'http://api.deepseek.com/v1' })).toEqual([
      'http://api.deepseek.com',
    ]);
    expect(newProviderOrigins(current, { ...current, baseUrl: 'https://evil.example/v1' })).toEqual(['https://evil.example']);
    expect(newProviderOrigins(current, { ...current, baseUrl: 'https://api.deepseek.com:8443/v1' })).toEqual([
      'https://api.deepseek.com:8443',
    ]);
    expect(
      newProviderOrigins({ baseUrl: current.baseUrl }, { baseUrl: current.baseUrl, anthropicBaseUrl: 'https://other.example/a' }),
    ).toEqual(['https://other.example']);
  });
});
