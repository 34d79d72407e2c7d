import { describe, expect, it } from 'vitest';
import { isEndpointAllowed } from './is-endpoint-allowed';
import { isIpAllowed } from './is-ip-allowed';
import { isModelAllowed } from './is-model-allowed';

describe('isModelAllowed', () => {
  const key = { allowedModels: ['gpt-4o-mini', 'deepseek/*', 'claude-3-5*', 'fast'] };

  it('allows every model without a list', () => {
    expect(isModelAllowed({ allowedModels: null }, 'anything')).toBe(true);
  });

  it('matches exact names, aliases and * patterns', () => {
    expect(isModelAllowed(key, 'gpt-4o-mini')).toBe(true);
    expect(isModelAllowed(key, 'gpt-4o')).toBe(false);
    expect(isModelAllowed(key, 'deepseek/deepseek-chat')).toBe(true);
    expect(isModelAllowed(key, 'deepseek-chat')).toBe(false);
    expect(isModelAllowed(key, 'claude-3-5-sonnet-latest')).toBe(true);
    expect(isModelAllowed(key, 'claude-3-opus')).toBe(false);
    expect(isModelAllowed(key, 'fast')).toBe(true);
    expect(isModelAllowed(key, 'FAST')).toBe(false);
  });

  it('allows a request when any of its names matches', () => {
    expect(isModelAllowed(key, ['deepseek-chat', 'deepseek/deepseek-chat'])).toBe(true);
    expect(isModelAllowed(key, ['cheap', 'openai/gpt-4o-mini', 'gpt-4o-mini'])).toBe(true);
    expect(isModelAllowed(key, ['cheap', 'openai/gpt-4.1-nano'])).toBe(false);
    expect(isModelAllowed(key, [])).toBe(false);
  });
});

describe('isEndpointAllowed', () => {
  it('allows every endpoint without a list, else exact paths and patterns', () => {
    expect(isEndpointAllowed({ allowedEndpoints: null }, '/v1/chat/completions')).toBe(true);
    const key = { allowedEndpoints: ['/v1/embeddings', '/v1/models*'] };
    expect(isEndpointAllowed(key, '/v1/embeddings')).toBe(true);
    expect(isEndpointAllowed(key, '/v1/embeddings/')).toBe(true);
    expect(isEndpointAllowed(key, '/v1/chat/completions')).toBe(false);
    expect(isEndpointAllowed(key, '/v1/models')).toBe(true);
    expect(isEndpointAllowed(key, '/v1/models/gpt-4o')).toBe(true);
    expect(isEndpointAllowed(key, '/v1/embeddingsX')).toBe(false);
  });
});

describe('isIpAllowed', () => {
  const key = { ipAllowlist: ['10.0.0.0/8', '203.0.113.7/32', '2001:db8::/32'] };

  it('allows every address without a list', () => {
    expect(isIpAllowed({ ipAllowlist: null }, '198.51.100.1')).toBe(true);
    expect(isIpAllowed({ ipAllowlist: null }, 'not an address')).toBe(true);
  });

  it('allows addresses inside a range, IPv4 and IPv6', () => {
    expect(isIpAllowed(key, '10.20.30.40')).toBe(true);
    expect(isIpAllowed(key, '11.0.0.1')).toBe(false);
    expect(isIpAllowed(key, '203.0.113.7')).toBe(true);
    expect(isIpAllowed(key, '203.0.113.8')).toBe(false);
    expect(isIpAllowed(key, '2001:db8:abcd::1')).toBe(true);
    expect(isIpAllowed(key, '2001:db9::1')).toBe(false);
  });

  it('treats IPv4-mapped IPv6 clients as IPv4', () => {
    expect(isIpAllowed(key, '::ffff:10.1.2.3')).toBe(true);
    expect(isIpAllowed(key, '::ffff:203.0.113.8')).toBe(false);
  });

  it('refuses client addresses that do not parse', () => {
    expect(isIpAllowed(key, '')).toBe(false);
    expect(isIpAllowed(key, 'unknown')).toBe(false);
    expect(isIpAllowed(key, '10.0.0.0/8')).toBe(false);
  });
});
