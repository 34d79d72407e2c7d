import { afterEach, describe, expect, it, vi } from 'vitest';
import { redisUrl } from './redis-url';

describe('redisUrl', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('defaults to the local Redis', () => {
    vi.stubEnv('TEST_REDIS_URL', '');
    expect(redisUrl()).toBe('redis://127.0.0.1:6379');
  });

  it('follows TEST_REDIS_URL', () => {
    vi.stubEnv('TEST_REDIS_URL', 'redis://cache.internal:6380/2');
    expect(redisUrl()).toBe('redis://cache.internal:6380/2');
  });
});
